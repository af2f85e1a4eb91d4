"""The 'furnished' markup: real-world furniture around the replica's pages, ground truth intact.

Pages are read here with a generic HTML-to-text reader (lxml directly), never with the
project's parsers: what is checked is that every page still conveys what site.py's ground truth
says, whatever the furniture (docs/markup-checklist.md).
"""

from __future__ import annotations

import json
import re
import urllib.request
from urllib.parse import urlsplit

import lxml.html
import pytest

from casecrawl.testbed.markups import get_variant
from casecrawl.testbed.markups.furnished import DIMENSIONS, FurnishedMarkup
from casecrawl.testbed.markups.furnished.choices import CHROME_TEXTS, DATE_FORMS
from casecrawl.testbed.markups.furnished.dates import written
from casecrawl.testbed.process import ReplicaProcess
from casecrawl.testbed.server import ReplicaServer, related_links
from casecrawl.testbed.site import (
    BANNERS,
    SUPPORT_TYPES,
    TOPICS,
    ReplicaCaseStudy,
    ReplicaSite,
    season_of,
)
from casecrawl.testbed.views import DetailView, ListingView

BASE = "http://127.0.0.1:8999"
SITE = ReplicaSite(400)
SEEDS = range(60)

# --- a generic reader -------------------------------------------------------------------------
INLINE = frozenset(
    "a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong sub sup time "
    "u var label".split()
)
HIDDEN = frozenset({"script", "style", "noscript", "template"})


def norm(text: str) -> str:
    return " ".join(text.split())


def parse(html: str):
    return lxml.html.document_fromstring(html)


def text_of(element) -> str:
    """An element's text as a reader sees it: blocks apart, inline elements run together,
    scripts and styles left out, whitespace collapsed."""
    out: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else None
        if tag is not None and tag not in HIDDEN:
            sep = "" if tag in INLINE else " "
            out.append(sep + (node.text or ""))
            for child in node:
                walk(child)
                out.append(child.tail or "")
            out.append(sep)

    walk(element)
    return norm("".join(out))


class Elements(list):
    """The body's elements in document order (scripts and the like left out), each element's
    text computed once (`text(e)`)."""

    def __init__(self, root):
        super().__init__(
            e
            for e in root.body.iter()
            if isinstance(e.tag, str)
            and e.tag not in HIDDEN
            and not any(a.tag in HIDDEN for a in e.iterancestors())
        )
        self.texts = {id(e): text_of(e) for e in self}

    def text(self, element) -> str:
        return self.texts[id(element)]

    def with_text(self, text: str) -> list:
        return [e for e in self if self.texts[id(e)] == text]


# --- the case studies that are awkward to render ------------------------------------------------
AWKWARD = {
    "no_summary": lambda c: c.summary is None,
    "no_topics": lambda c: not c.topic_ids,
    "two_topics": lambda c: len(c.topic_ids) == 2,
    "old_style": lambda c: c.old_style and c.teaser_label and c.topic_ids,
    "new_style": lambda c: not c.old_style and c.teaser_label and len(c.topic_ids) == 2,
    "no_date": lambda c: not c.shows_date,
    "date": lambda c: c.shows_date and c.summary,
    "series": lambda c: c.series_line is not None,
    "bold_headings": lambda c: any(b.heading_style == "bold" for b in c.body),
    "h3_headings": lambda c: any(b.heading_style == "h3" for b in c.body),
    "list": lambda c: any(b.kind == "list" for b in c.body),
    "links": lambda c: sum(bool(s.href) for b in c.body for s in b.segments) >= 2,
    "body_repeats_summary": lambda c: c.summary and c.body[0].text == c.summary,
    "no_headings": lambda c: all(b.kind != "heading" for b in c.body),
    "publication_only": lambda c: c.body[0].text.startswith("See the case studies"),
    "edited_like": lambda c: c.old_style and not c.shows_date and not c.topic_ids,
}
CASES = {name: next(c for c in SITE.case_studies if wanted(c)) for name, wanted in AWKWARD.items()}


def detail_view(case: ReplicaCaseStudy, banner: str = BANNERS[0]) -> DetailView:
    others = SITE.related_to(case)
    return DetailView(BASE, banner, case, related_links(others, BASE), others)


def date_forms(case: ReplicaCaseStudy) -> set[str]:
    """Every allowed form of the created date."""
    return {written(case.created, form) for form in DATE_FORMS} | {case.created.isoformat()}


def shows(html: str, form: str) -> bool:
    return re.search(rf"(?<![\w/-]){re.escape(form)}(?![\d/])", html) is not None


def topic_elements(els: Elements, name: str) -> list:
    pattern = re.compile(rf"View all ?{re.escape(name)} articles")
    return [e for e in els if els.text(e) == name or pattern.fullmatch(els.text(e))]


# --- determinism and toggles -------------------------------------------------------------------
def test_same_seed_same_html():
    case = CASES["series"]
    view = detail_view(case)
    listing = _listing_view(total=2568, page=3)
    for seed in (0, 7, 123):
        a, b = FurnishedMarkup(seed), FurnishedMarkup(seed)
        assert a.render_detail(view) == b.render_detail(view)
        assert a.render_listing(listing) == b.render_listing(listing)
        assert a.describe() == b.describe()
    pages = {FurnishedMarkup(seed).render_detail(view) for seed in range(20)}
    assert len(pages) == 20


def test_every_toggle_takes_every_value():
    seen: dict[str, set] = {name: set() for name in DIMENSIONS}
    for seed in range(300):
        description = FurnishedMarkup(seed).describe()
        assert description["seed"] == seed
        for name in DIMENSIONS:
            seen[name].add(json.dumps(description[name]))
    for name, values in DIMENSIONS.items():
        assert seen[name] == {json.dumps(v) for v in values}, name


def test_describe_is_json_and_names_every_toggle():
    description = FurnishedMarkup(11).describe()
    assert json.loads(json.dumps(description)) == description
    assert set(DIMENSIONS) <= set(description)
    assert description["variant"] == "furnished"


def test_furniture_words_name_no_topic():
    for text in CHROME_TEXTS:
        for name in [*TOPICS.values(), *SUPPORT_TYPES.values()]:
            assert name not in text, (name, text)


# --- detail pages ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(CASES))
def test_detail_pages_convey_the_ground_truth(name):
    case = CASES[name]
    view = detail_view(case)
    for seed in SEEDS:
        markup = FurnishedMarkup(seed)
        _check_detail(markup.render_detail(view), case, markup.describe(), view)


def _check_detail(html: str, case: ReplicaCaseStudy, ch: dict, view: DetailView) -> None:
    where = f"seed {ch['seed']}, case {case.slug}"
    root = parse(html)
    els = Elements(root)
    page_text = text_of(root.body)
    index = {id(e): i for i, e in enumerate(els)}

    # title: an h1; another h1 only for the site name, before it
    h1s = [text_of(h) for h in root.body.iter("h1")]
    assert h1s and h1s[-1] == norm(case.title), where
    assert all(t == "Local Government Association" for t in h1s[:-1]), where
    title_at = index[id(list(root.body.iter("h1"))[-1])]

    # body: every block's text, in order, nothing but whitespace between blocks
    run = " ".join(norm(b.text if b.kind != "list" else " ".join(b.items)) for b in case.body)
    assert run in page_text, where
    for block in case.body:
        if block.kind == "p":
            found = [e for e in els.with_text(norm(block.text)) if e.tag == "p"]
            assert found, where
            assert all(c.tag == "a" for c in found[0]), where  # one element: no wrapper inside
    body_start = page_text.index(run)

    # summary: once, as an element's own text, after the title (the body may repeat it)
    if case.summary is not None:
        summary = norm(case.summary)
        repeats = sum(1 for b in case.body if b.kind == "p" and norm(b.text) == summary)
        assert page_text.count(summary) == 1 + repeats, where
        holders = [e for e in els.with_text(summary) if index[id(e)] > title_at]
        assert holders, where
        assert page_text.index(summary) < body_start, where
    else:
        for css in ("lead", "standfirst", "intro", "summary"):
            assert not root.body.find_class(css), where

    # topics: each name exactly, in the site's forms or as names; in order in the page's block
    found_at = []
    for topic in case.topics:
        matches = topic_elements(els, topic)
        assert matches, (where, topic)
        found_at.append(index[id(matches[0])])
    if not ch["related_labels"]:
        assert found_at == sorted(found_at), where
    if not case.topics:
        pattern = re.compile(r"View all ?(.+) articles")
        own = [e for e in els if pattern.fullmatch(els.text(e))]
        assert not own or ch["related_labels"], where

    # series line: its own element, after the header's topics, before the body
    if case.series_line:
        series = els.with_text(norm(case.series_line))
        assert series, where
        assert page_text.index(norm(case.series_line)) < body_start, where
        if ch["topic_place"] == "header" and found_at:
            assert max(found_at) < index[id(series[0])], where

    # the created date: shown exactly when shows_date, in the allowed forms only
    forms = date_forms(case)
    if case.shows_date:
        assert written(case.created, ch["date_form"]) in page_text, where
        day = case.created.date()
        if day.day != day.month:
            assert f"{day:%m/%d/%Y}" not in html, where  # never month-first
        assert f"{day:%d/%m/%y}" not in html, where  # never a two-digit year
    else:
        assert not [f for f in forms if shows(html, f)], where
        assert "datePublished" not in html and "published_time" not in html, where
    if ch["updated_stamp"] == "last_updated":
        assert "Last updated" in page_text, where

    # the related block: every link is there
    for _, href in view.related:
        assert root.body.xpath("//a[@href=$h]", h=href), where


def test_detail_date_forms_are_the_seeds():
    case = CASES["date"]
    view = detail_view(case)
    for seed in SEEDS:
        markup = FurnishedMarkup(seed)
        html = markup.render_detail(view)
        ch = markup.describe()
        if ch["published_meta"]:
            assert f'content="{case.created.isoformat()}"' in html
        if ch["jsonld"] != "none":
            scripts = parse(html).xpath('//script[@type="application/ld+json"]/text()')
            data = json.loads(scripts[0])
            nodes = data.get("@graph", [data])
            article = next(n for n in nodes if "headline" in n)
            assert article["headline"] == case.title
            assert article["datePublished"] == case.created.isoformat()


def test_not_found_pages():
    for seed in range(20):
        markup = FurnishedMarkup(seed)
        for status, message in ((404, "Page not found"), (410, "This page has been removed")):
            root = parse(markup.render_not_found(BASE, BANNERS[1], status))
            assert [text_of(h) for h in root.body.iter("h1")][-1] == message


# --- listing pages ---------------------------------------------------------------------------------
def _listing_view(total: int, page: int = 0, results=None) -> ListingView:
    results = SITE.case_studies[page * 10 : page * 10 + 10] if results is None else results
    return ListingView(
        base_url=BASE,
        banner=BANNERS[0],
        total=total,
        page=page,
        last_page=max((total - 1) // 10, 0),
        results=results,
        topics=TOPICS,
        support_types=SUPPORT_TYPES,
        page_url=lambda n: f"/case-studies?sort_by=created&sort_order=DESC&page={n}",
    )


@pytest.mark.parametrize(
    ("total", "page"), [(2568, 0), (2568, 7), (2568, 256), (1, 0), (10, 0), (25, 2)]
)
def test_listing_pages_convey_the_ground_truth(total, page):
    results = SITE.case_studies[page * 10 : page * 10 + 10][: max(0, min(10, total - page * 10))]
    view = _listing_view(total, page, results)
    for seed in SEEDS:
        markup = FurnishedMarkup(seed)
        _check_listing(markup.render_listing(view), view, markup.describe())


def _check_listing(html: str, view: ListingView, ch: dict) -> None:
    where = f"seed {ch['seed']}, total {view.total}, page {view.page}"
    root = parse(html)
    els = Elements(root)
    text = text_of(root.body)
    assert [text_of(h) for h in root.body.iter("h1")][-1] == "Case studies", where

    # the count sentence, with a thousands separator and the singular
    noun = "result" if view.total == 1 else "results"
    assert f"Your search returned {view.total:,} {noun}" in text, where
    if view.total == 1:
        assert "1 results" not in text, where

    # the filters: headings, '- All -', every term with its ID
    for heading in ("Filter by topics", "Filter by support type"):
        assert els.with_text(heading), (where, heading)
    assert len(els.with_text("- All -")) >= 2, where
    for terms, param in ((view.topics, "topic"), (view.support_types, "subject")):
        for term_id, name in terms.items():
            holders = els.with_text(name)
            assert holders, (where, name)
            carried = False
            for holder in holders:
                scope = holder.getparent()
                values = [v for e in scope.iter() for v in e.attrib.values()]
                carried |= any(str(term_id) in v for v in values)
            assert carried, (where, name)
            if ch["filter_form"] == "checkboxes":
                assert root.xpath(f'//input[@name="{param}[{term_id}]"][@value="{term_id}"]')
            elif ch["filter_form"] == "links":
                assert root.xpath(f'//a[@href="/case-studies?{param}%5B{term_id}%5D={term_id}"]')
            else:
                assert root.xpath(f'//*[@name="{param}"]//option[@value="{term_id}"]') or (
                    root.xpath(f'//input[@name="{param}"][@value="{term_id}"]')
                )

    # one teaser per result: the title a link to the case study, the summary, the label
    for case in view.results:
        links = [
            a
            for a in root.body.iter("a")
            if urlsplit(a.get("href", "")).path.rstrip("/") == f"/case-studies/{case.slug}"
        ]
        assert any(norm(case.title) in text_of(a) for a in links), (where, case.slug)
        if case.summary is not None:
            if ch["teaser_summary"] == "full" or len(case.summary) <= 120:
                assert norm(case.summary) in text, where
            else:
                assert norm(case.summary[:60]) in text, where
        if case.teaser_label:
            assert topic_elements(els, case.topics[0]), (where, case.slug)
        if case.shows_date and ch["teaser_date"] != "none":
            assert written(case.created, ch["date_form"]) in text, where
        if not case.shows_date:
            assert not [f for f in date_forms(case) if shows(html, f)], where

    # the pager reaches the next page
    if view.page < view.last_page:
        assert root.xpath("//a[@href=$h]", h=view.page_url(view.page + 1)), where


# --- through the server: bad content, every page, every seed ---------------------------------------
def test_server_serves_every_page_with_bad_content():
    site = ReplicaSite(60, bad_content=True)
    bad = site.bad_content_cases()
    season_case = site.by_slug[bad["season_date"]]
    blank_case = site.by_slug[bad["blank_summary"]]
    for seed in range(50):
        server = ReplicaServer(site, "furnished", markup_seed=seed)
        try:
            for case in site.case_studies:
                if case.gone:
                    continue
                if case.bad_content == "huge_page":
                    server.huge_parts(case)
                else:
                    server.detail_bytes(case)
            season_page = server.detail(season_case)
            assert season_of(season_case.created.date()) in season_page
            assert "1904" not in season_page
            assert not [f for f in date_forms(season_case) if shows(season_page, f)]
            blank = parse(server.detail(blank_case))
            assert norm(blank_case.title) in [text_of(h) for h in blank.body.iter("h1")]
            for query in ("page=0", "page=5", "topic%5B2446%5D=2446", "keys=zzzz", "page=2"):
                listing = server.listing(query)
                assert "Your search returned" in listing
        finally:
            server.httpd.server_close()


# --- wiring --------------------------------------------------------------------------------------
def test_get_variant_furnished():
    assert get_variant("furnished", 3).describe() == FurnishedMarkup(3).describe()
    assert get_variant("furnished").seed == 0
    with pytest.raises(ValueError, match="furnished"):
        get_variant("nonesuch")
    with pytest.raises(ValueError, match="--markup-seed applies only to --variant random"):
        get_variant("flat", markup_seed=1)


def test_replica_serve_furnished_over_http():
    small = ReplicaSite(30)
    with ReplicaProcess(size=30, variant="furnished", markup_seed=7) as replica:

        def fetch(path: str) -> str:
            with urllib.request.urlopen(replica.base_url + path, timeout=10) as response:
                return response.read().decode()

        listing = text_of(parse(fetch("/case-studies?sort_by=created&sort_order=DESC&page=0")))
        assert "Your search returned 30 results" in listing
        case = small.case_studies[4]
        root = parse(fetch(f"/case-studies/{case.slug}"))
        assert [text_of(h) for h in root.body.iter("h1")][-1] == norm(case.title)
