"""The 'random' markup: deterministic per seed, every dimension's values reached, ground truth intact.

These tests check the markup generator, not the crawler: they read pages with a generic HTML-to-text
helper and the replica's own ground truth, never with the project's parsers.
"""

from __future__ import annotations

import json
import re
import urllib.request
from functools import cache
from html import unescape
from html.parser import HTMLParser

import pytest
from support import run_casecrawl

from casecrawl.testbed.markups import VARIANTS, get_variant
from casecrawl.testbed.markups.random import DIMENSIONS, RandomMarkup
from casecrawl.testbed.markups.random.dates import written
from casecrawl.testbed.markups.random.page import SECTIONING
from casecrawl.testbed.process import ReplicaProcess
from casecrawl.testbed.server import ReplicaServer
from casecrawl.testbed.site import BANNERS, SUPPORT_TYPES, TOPICS, ReplicaSite, topic_path
from casecrawl.testbed.views import DetailView, ListingView, escape

SEEDS = range(200)
BASE = "https://www.local.gov.uk"


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def text_of(html: str) -> str:
    """All the text of a page, whitespace collapsed (no knowledge of the markup)."""
    parser = _Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def norm(text: str) -> str:
    return " ".join(text.split())


def h1_texts(html: str) -> list[str]:
    return [
        norm(unescape(re.sub(r"<[^>]+>", "", h)))
        for h in re.findall(r"<h1\b[^>]*>(.*?)</h1>", html, re.S)
    ]


def class_names(html: str) -> set[str]:
    return {c for attr in re.findall(r'class="([^"]+)"', html) for c in attr.split()}


@cache
def site() -> ReplicaSite:
    return ReplicaSite(300)


def picked_cases() -> list:
    """Case studies covering the awkward cases: no summary, no/two topics, old labels, no date..."""
    cases = site().case_studies
    wanted = [
        lambda c: c.summary is None,
        lambda c: not c.topic_ids,
        lambda c: len(c.topic_ids) == 2 and c.old_style,
        lambda c: len(c.topic_ids) == 2 and not c.old_style,
        lambda c: not c.shows_date,
        lambda c: c.shows_date and c.created.day in (1, 2, 3, 22),
        lambda c: c.series_line is not None,
        lambda c: any(b.heading_style == "bold" for b in c.body),
        lambda c: any(b.kind == "list" for b in c.body),
        lambda c: any(b.heading_style == "h3" for b in c.body),
    ]
    return [next(c for c in cases if test(c)) for test in wanted]


def detail_view(case, with_related: bool = True) -> DetailView:
    others = [site().case_studies[(case.nid - 10000 + k * 97) % site().size] for k in (1, 2, 3)]
    related = [
        (others[0].title, f"/node/{others[0].nid}"),
        (others[1].title, f"{BASE}/case-studies/{others[1].slug}?ref=related"),
        (others[2].title, f"/case-studies/{others[2].slug}"),
    ]
    if not with_related:
        return DetailView(BASE, BANNERS[case.nid % 2], case, [], [])
    return DetailView(BASE, BANNERS[case.nid % 2], case, related, others)


def listing_view(page: int) -> ListingView:
    results = site().query({"sort_order": "DESC"})
    last = (len(results) - 1) // 10
    return ListingView(
        BASE, BANNERS[page % 2], len(results), page, last, results[page * 10 : page * 10 + 10],
        TOPICS, SUPPORT_TYPES, lambda n: f"/case-studies?sort_by=created&sort_order=DESC&page={n}",
    )  # fmt: skip


def every_page(markup) -> str:
    return "\n".join(
        [markup.render_listing(listing_view(p)) for p in (0, 29)]
        + [markup.render_detail(detail_view(c)) for c in picked_cases()]
        + [markup.render_not_found(BASE, BANNERS[0], 404)]
    )


# --- determinism and coverage -------------------------------------------------------------------
def test_same_seed_same_html_different_seeds_differ():
    case = picked_cases()[3]
    a, b = RandomMarkup(17), get_variant("random", markup_seed=17)
    assert a.render_listing(listing_view(3)) == b.render_listing(listing_view(3))
    assert a.render_detail(detail_view(case)) == b.render_detail(detail_view(case))
    assert a.describe() == b.describe()
    listings = {RandomMarkup(s).render_listing(listing_view(3)) for s in range(20)}
    details = {RandomMarkup(s).render_detail(detail_view(case)) for s in range(20)}
    assert len(listings) == 20 and len(details) == 20


def test_every_value_of_every_dimension_occurs():
    described = [RandomMarkup(s).describe() for s in SEEDS]
    assert all(set(d) == {"seed", *DIMENSIONS} for d in described)
    for name, values in DIMENSIONS.items():
        seen = {d[name] for d in described}
        missing = set(values) - seen
        assert not missing, f"{name}: never chosen over seeds 0..199: {missing}"
        assert seen <= set(values), f"{name}: unknown values {seen - set(values)}"


def test_random_markup_shares_no_class_with_named_variants():
    named = set()
    for module in VARIANTS.values():
        named |= class_names(every_page(module))
    assert named
    for seed in range(0, 200, 3):
        markup = RandomMarkup(seed)
        shared = class_names(every_page(markup)) & named
        assert not shared, (seed, shared, markup.describe()["classes"])


def test_landmarks_follow_the_wrapper():
    for seed in range(0, 200, 5):
        markup = RandomMarkup(seed)
        html = every_page(markup)
        tags = set(re.findall(r"<([a-z][a-z0-9]*)\b", html))
        if markup.choices.wrapper == "semantic":
            assert {"nav", "footer", "main", "article", "header"} <= tags, seed
        else:
            assert not tags & set(SECTIONING), (seed, tags & set(SECTIONING))
        if markup.choices.classes == "none":
            assert "class=" not in html, seed


# --- ground truth -------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEEDS)
def test_detail_pages_show_the_ground_truth(seed):
    markup = RandomMarkup(seed)
    for case in picked_cases():
        view = detail_view(case)
        html = markup.render_detail(view)
        text = text_of(html)
        why = (case.slug, markup.describe())
        assert h1_texts(html) == [norm(case.title)], why
        assert norm(view.banner) in text, why
        if case.summary is not None:
            assert norm(case.summary) in text, why
        for tid, name in zip(case.topic_ids, case.topics, strict=True):
            assert name in text, why
            if not case.old_style:
                assert f'href="{topic_path(tid)}"' in html, why
                assert f"View all{name} articles" in text or f"View all {name} articles" in text, (
                    why
                )
        if case.series_line:
            assert case.series_line in text, why
        for block in case.body:
            for piece in block.items if block.kind == "list" else [block.text]:
                assert norm(piece) in text, (piece, *why)
            for seg in block.segments:
                if seg.href:
                    assert f'href="{seg.href}"' in html, why
        for title, href in view.related:
            assert f'href="{href}"' in html and norm(title) in text, why
        _check_date(markup, case, html, text, why)
        _check_old_labels(markup, case, why)


def _check_date(markup, case, html: str, text: str, why) -> None:
    day = case.created.date()
    forms = [written(day, form) for form in DIMENSIONS["date_format"]]
    if not case.shows_date:
        assert "<time" not in html and "published_time" not in html and "dcterms" not in html, why
        assert not [f for f in forms if f in text], why
        return
    if markup.choices.date_presence == "meta":
        assert day.isoformat() in re.findall(r'<meta [^>]*content="(\d{4}-\d\d-\d\d)', html), why
        assert not [f for f in forms if f in text], why
    else:
        assert written(day, markup.choices.date_format) in text, why
    if markup.choices.date_presence == "time":
        assert f'<time datetime="{day.isoformat()}">' in html, why


def _check_old_labels(markup, case, why) -> None:
    """Old pages show bare topic names: no 'View all' on the page (related block left out)."""
    html = markup.render_detail(detail_view(case, with_related=False))
    if case.old_style or not case.topic_ids:
        assert "View all" not in html, why


@pytest.mark.parametrize("seed", range(0, 200, 4))
def test_listing_pages_show_the_ground_truth(seed):
    markup = RandomMarkup(seed)
    for page in (0, 7, 29):
        view = listing_view(page)
        html = markup.render_listing(view)
        text = text_of(html)
        why = (page, markup.describe())
        assert h1_texts(html) == ["Case studies"], why
        counts = re.findall(r"Your search returned ([\d,]+) results", text)
        assert [int(n.replace(",", "")) for n in counts] == [view.total], why
        for heading in ("Filter by topics", "Filter by support type", "- All -"):
            assert heading in text, why
        for name in [*TOPICS.values(), *SUPPORT_TYPES.values()]:
            assert name in text, why
        for case in view.results:
            assert norm(case.title) in text and f'href="{view.teaser_href(case)}"' in html, why
            if case.summary:
                assert norm(case.summary) in text, why
            if case.teaser_label:
                assert case.topics[0] in text, why
        if markup.choices.pager != "none" and page < view.last_page:
            assert f'href="{escape(view.page_url(page + 1))}"' in html, why


def test_not_found_page():
    for seed in range(10):
        html = RandomMarkup(seed).render_not_found(BASE, BANNERS[1], 410)
        assert h1_texts(html) == ["This page has been removed"]


# --- wiring: server, process, command line ------------------------------------------------------
def test_get_variant_random_and_named():
    assert get_variant("random").seed == 0
    assert get_variant("random", markup_seed=9).describe() == RandomMarkup(9).describe()
    assert get_variant("flat") is VARIANTS["flat"]
    with pytest.raises(ValueError, match="--markup-seed applies only to --variant random"):
        get_variant("flat", markup_seed=1)
    with pytest.raises(ValueError, match="random"):
        get_variant("nonesuch")


def test_server_fills_related_cases():
    small = ReplicaSite(40)
    with ReplicaServer(small, "random", markup_seed=5) as server:
        case = small.case_studies[2]
        html = server.detail(case)
        assert h1_texts(html) == [norm(case.title)]
        assert server.markup.describe()["seed"] == 5


def test_replica_serve_random_markup_over_http():
    small = ReplicaSite(30)
    with ReplicaProcess(size=30, variant="random", markup_seed=3) as replica:
        assert replica.markup_description == json.loads(json.dumps(RandomMarkup(3).describe()))

        def fetch(path: str) -> str:
            with urllib.request.urlopen(replica.base_url + path, timeout=10) as response:
                return response.read().decode()

        listing = fetch("/case-studies?sort_by=created&sort_order=DESC&page=0")
        assert re.search(r"Your search returned (<\w+>)?30(</\w+>)? results", listing)
        case = small.case_studies[4]
        assert h1_texts(fetch(f"/case-studies/{case.slug}")) == [norm(case.title)]


def test_random_variant_without_seed_uses_seed_zero():
    with ReplicaProcess(size=5, variant="random") as replica:
        assert replica.markup_description["seed"] == 0


@pytest.mark.parametrize("command", [("replica", "serve"), ("demo",)])
def test_named_variant_with_markup_seed_is_an_error(command):
    result = run_casecrawl(*command, "--variant", "flat", "--markup-seed", "3", timeout=60)
    assert result.returncode == 2
    assert "--markup-seed applies only to --variant random" in result.stderr
    assert result.stdout == ""


def test_dimension_values_are_distinct():
    for name, values in DIMENSIONS.items():
        assert len(set(values)) == len(values), name
