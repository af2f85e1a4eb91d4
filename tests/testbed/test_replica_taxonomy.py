"""The replica's taxonomy as ground truth: topic pages by slug under their parent, filter forms
that keep every term's ID (flat or nested), `expected_topics` counts, the per-case topic and
support-type IDs, and the `from`/`to` filters as an inclusive created-date range.

These tests check the replica, never the project's parsers.
"""

from __future__ import annotations

import http.client
import re
from datetime import date, datetime, timedelta, timezone
from functools import cache
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import lxml.html
import pytest

from casecrawl.testbed.markups import BROKEN, VARIANTS
from casecrawl.testbed.markups.random import RandomMarkup
from casecrawl.testbed.server import ROBOTS_TXT, ReplicaServer
from casecrawl.testbed.site import (
    SUB_TOPICS,
    SUPPORT_TYPES,
    TOPICS,
    ReplicaSite,
    _parse_day,
    topic_at,
    topic_path,
    topic_slug,
)
from casecrawl.testbed.views import ListingView

BASE = "https://www.local.gov.uk"
NAMED = [*VARIANTS, *BROKEN]
RANDOM_SEEDS = range(0, 200, 5)
COUNT = re.compile(r"Your search returned (?:<\w+>)?([\d,]+)(?:</\w+>)? results")


@cache
def site() -> ReplicaSite:
    return ReplicaSite(300, gone_every=9)


def count_of(html: str) -> int:
    (number,) = COUNT.findall(html)
    return int(number.replace(",", ""))


def hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', html)]


def fetch(base_url: str, path: str) -> tuple[int, str]:
    """(status, body) of one GET, without raising on 404."""
    host = urlsplit(base_url)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        conn.close()


# --- topic paths --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Children and young people", "children-and-young-people"),
        ("Early Years", "early-years"),
        ("Efficiency and income generation", "efficiency-and-income-generation"),
        ("Arts & culture", "arts-culture"),
        ("Health, care & wellbeing", "health-care-wellbeing"),
        ("  COVID-19: recovery  ", "covid-19-recovery"),
    ],
)
def test_topic_slug_rule(name, slug):
    assert topic_slug(name) == slug


def test_topic_paths_put_sub_topics_under_their_parent():
    assert topic_path(2414) == "/topics/children-and-young-people"
    assert topic_path(2415) == "/topics/children-and-young-people/early-years"
    assert topic_path(2433) == "/topics/community-safety/female-genital-mutilation"
    assert topic_path(2449) == "/topics/culture/libraries"
    paths = {t: topic_path(t) for t in TOPICS}
    assert len(set(paths.values())) == len(TOPICS)
    for tid, path in paths.items():
        segments = path.split("/")[2:]
        assert segments[-1] == topic_slug(TOPICS[tid])
        if tid in SUB_TOPICS:
            assert path == f"{paths[SUB_TOPICS[tid]]}/{segments[-1]}"
        else:
            assert len(segments) == 1
        assert topic_at(path) == tid and topic_at(path + "/") == tid
    assert topic_at("/topics/2414") is None
    assert topic_at("/topics/early-years") is None  # a sub-topic only under its parent
    assert topic_at("/topics/culture/early-years") is None
    with pytest.raises(KeyError):
        topic_path(2603)  # support types have no topic page


# --- no markup writes /topics/<ID> --------------------------------------------------------------
def _pages(server: ReplicaServer, small: ReplicaSite) -> str:
    """Listing pages (plain and filtered) and the detail page of every case study with topics."""
    queries = ["sort_by=created&sort_order=DESC&page=0", "sort_order=ASC&page=2"]
    queries += [urlencode({f"topic[{t}]": t}) for t in (2414, 2415, 2446)]
    pages = [server.listing(q) for q in queries]
    pages += [server.detail(c) for c in small.case_studies if c.topic_ids and not c.gone]
    return "\n".join(pages)


@pytest.mark.parametrize(
    ("variant", "seed"), [(v, None) for v in NAMED] + [("random", s) for s in RANDOM_SEEDS]
)
def test_no_markup_writes_topic_ids(variant, seed):
    small = ReplicaSite(60)
    with ReplicaServer(small, variant, markup_seed=seed) as server:
        html = _pages(server, small)
    assert not re.search(r"/topics/\d", html), (variant, seed)
    topic_links = [h for h in hrefs(html) if h.startswith("/topics/")]
    for case in small.case_studies:  # every new-style label links to its topic's page
        if case.topic_ids and not case.old_style and not case.gone:
            for tid in case.topic_ids:
                assert topic_path(tid) in topic_links, (variant, seed, case.slug)
    assert topic_links and all(topic_at(h) is not None for h in topic_links), (variant, seed)


def test_server_answers_topic_pages_and_keeps_robots():
    assert ROBOTS_TXT == "User-agent: *\nDisallow: /admin/\nDisallow: /search/\nDisallow: /user/\n"
    with ReplicaServer(ReplicaSite(20), "flat") as server:
        status, index = fetch(server.base_url, "/topics")
        assert status == 200
        assert {h for h in hrefs(index) if h.startswith("/topics/")} == {
            topic_path(t) for t in TOPICS
        }
        for tid in TOPICS:
            status, page = fetch(server.base_url, topic_path(tid))
            assert status == 200 and f"<h1>{TOPICS[tid]}</h1>" in page
            assert f"/case-studies?topic%5B{tid}%5D={tid}" in page
            if tid in SUB_TOPICS:
                assert f'href="{topic_path(SUB_TOPICS[tid])}"' in page
        assert fetch(server.base_url, topic_path(2415) + "/")[0] == 200
        for path in ("/topics/2414", "/topics/early-years", "/topics/culture/early-years"):
            assert fetch(server.base_url, path)[0] == 404, path


# --- filter forms -------------------------------------------------------------------------------
def listing_view(query: dict[str, str], page: int = 0) -> ListingView:
    results = site().query(query)
    last = max((len(results) - 1) // 10, 0)
    return ListingView(
        BASE, "Banner", len(results), page, last, results[page * 10 : page * 10 + 10],
        TOPICS, SUPPORT_TYPES,
        lambda n: "/case-studies?" + urlencode({**query, "page": str(n)}),
    )  # fmt: skip


def _terms(tree, widget: str, param: str) -> list[tuple[int, str, object]]:
    """(ID, name, element) of every option of filter `param`, in document order; asserts the
    ID is written the live site's way (value, name="param[ID]", or the facet link's query)."""
    out = []
    if widget == "select":
        (select,) = tree.xpath(f"//select[@name='{param}']")
        for option in select.iter("option"):
            if option.get("value") != "All":
                out.append((int(option.get("value")), option.text_content(), option))
    elif widget == "checkboxes":
        for box in tree.xpath(f"//input[starts-with(@name, '{param}[')]"):
            tid = int(box.get("value"))
            assert box.get("name") == f"{param}[{tid}]"
            out.append((tid, box.getparent().text_content(), box.getparent().getparent()))
    else:
        for link in tree.xpath(f"//a[starts-with(@href, '/case-studies?{param}%5B')]"):
            tid = int(link.get("href").rsplit("=", 1)[1])
            assert link.get("href") == f"/case-studies?{param}%5B{tid}%5D={tid}"
            out.append((tid, link.text_content(), link.getparent()))
    return out


def _seeds_by_form() -> dict[tuple[str, str], list[int]]:
    forms: dict[tuple[str, str], list[int]] = {}
    for seed in range(200):
        c = RandomMarkup(seed).choices
        forms.setdefault((c.filter_widget, c.filter_nesting), []).append(seed)
    return forms


def test_every_filter_form_occurs_flat_and_nested():
    assert set(_seeds_by_form()) == {
        (w, n) for w in ("select", "checkboxes", "facets") for n in ("flat", "nested")
    }


@pytest.mark.parametrize(("form", "seeds"), sorted(_seeds_by_form().items()))
def test_filter_forms_keep_every_term_with_its_id(form, seeds):
    widget, nesting = form
    for seed in seeds[:4]:
        html = RandomMarkup(seed).render_listing(listing_view({"sort_order": "DESC"}))
        tree = lxml.html.fromstring(html)
        why = (seed, form)
        topics = _terms(tree, widget, "topic")
        support = _terms(tree, widget, "subject")
        # Every term once, with its own name, in the order of the site's lists.
        assert [(t, n) for t, n, _ in topics] == list(TOPICS.items()), why
        assert [(t, n) for t, n, _ in support] == list(SUPPORT_TYPES.items()), why
        assert "- All -" in html
        by_id = {t: element for t, _, element in topics}
        if nesting == "flat":
            assert "<optgroup" not in html, why
            for element in by_id.values():
                holder = (
                    element.getparent() if widget == "select" else element.getparent().getparent()
                )
                assert holder.tag != ("optgroup" if widget == "select" else "li"), why
            continue
        for tid, element in by_id.items():
            parent = SUB_TOPICS.get(tid)
            if widget == "select":
                group = element.getparent()
                if parent is None and tid not in SUB_TOPICS.values():
                    assert group.tag == "select", why  # a topic without sub-topics
                    continue
                owner = parent if parent is not None else tid
                assert group.tag == "optgroup" and group.get("label") == TOPICS[owner], why
                assert group.findall("option")[0].get("value") == str(owner), why
            else:  # the <li> of a sub-topic sits in a <ul> inside its parent's <li>
                assert element.tag == "li", why
                holder = element.getparent().getparent()
                if parent is None:
                    assert holder.tag != "li", why
                else:
                    assert holder is by_id[parent], why


@pytest.mark.parametrize(("name", "widget"), [("classic", "checkboxes"), ("flat", "select"),
                                             ("plain", "facets")])  # fmt: skip
def test_named_markups_keep_flat_filters(name, widget):
    html = VARIANTS[name].render_listing(listing_view({"sort_order": "DESC"}))
    tree = lxml.html.fromstring(html)
    topics = _terms(tree, widget, "topic")
    assert [(t, n) for t, n, _ in topics] == list(TOPICS.items())
    assert [(t, n) for t, n, _ in _terms(tree, widget, "subject")] == list(SUPPORT_TYPES.items())
    assert "<optgroup" not in html
    assert not tree.xpath("//li//li")


# --- filtered listings --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("variant", "seed"), [(v, None) for v in NAMED] + [("random", s) for s in range(0, 200, 20)]
)
@pytest.mark.parametrize("param", ["topic[2414]", "subject[2605]"])
def test_filtered_listings_render_and_page_with_their_filter(variant, seed, param):
    big = ReplicaSite(1000)
    term = param.split("[")[1].rstrip("]")
    query = {param: term, "sort_by": "created", "sort_order": "DESC"}
    results = big.query(query)
    assert len(results) > 10  # at least two pages
    with ReplicaServer(big, variant, markup_seed=seed) as server:
        for page in (0, 1):
            html = server.listing(urlencode({**query, "page": page}))
            why = (variant, seed, param, page)
            assert count_of(html) == len(results), why
            on_page = results[page * 10 : page * 10 + 10]
            shown = re.findall(r"/case-studies/([a-z0-9-]+)", html)
            assert all(c.slug in shown for c in on_page), why
            pager = [h for h in hrefs(html) if "page=" in h]
            for href in pager:
                got = dict(parse_qsl(urlsplit(href).query))
                assert got[param] == term and got["sort_order"] == "DESC", (why, href)
            if variant == "random" and server.markup.choices.pager == "none":
                continue
            wanted = 1 if page == 0 else 0
            assert any(
                dict(parse_qsl(urlsplit(h).query)).get("page") == str(wanted) for h in pager
            ), why


def test_a_filter_on_a_term_nobody_carries_says_zero():
    small = ReplicaSite(5)
    unused = next(t for t in TOPICS if all(t not in c.topic_ids for c in small.case_studies))
    for variant in VARIANTS:
        with ReplicaServer(small, variant) as server:
            html = server.listing(urlencode({f"topic[{unused}]": unused}))
        assert count_of(html) == 0, variant


# --- ground truth -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "options", [{}, {"gone_every": 9}, {"added": 7, "edited": 3, "removed": 5, "gone_every": 9}]
)
def test_expected_topics_match_the_listing_and_the_rows(options):
    s = ReplicaSite(300, **options)
    rows = s.expected_topics()
    assert [(r["topic_id"], r["name"]) for r in rows] == [
        *TOPICS.items(),
        *SUPPORT_TYPES.items(),
    ]
    assert {*rows[0]} == {
        "topic_id", "name", "kind", "slug", "parent_id", "case_study_count", "reported_count",
    }  # fmt: skip
    case_rows = s.expected_rows(BASE)
    gone = [c for c in s.case_studies if c.gone]
    for row in rows:
        tid = row["topic_id"]
        if row["kind"] == "topic":
            assert row["slug"] == topic_path(tid).rsplit("/", 1)[1] == topic_slug(row["name"])
            assert row["parent_id"] == SUB_TOPICS.get(tid)
            ids, param = "topic_ids", "topic"
        else:
            assert row["kind"] == "support_type"
            assert row["slug"] is None and row["parent_id"] is None
            ids, param = "support_type_ids", "subject"
        assert row["case_study_count"] == sum(tid in r[ids] for r in case_rows), row
        assert row["reported_count"] == len(s.query({f"{param}[{tid}]": str(tid)})), row
        carrying_gone = sum(tid in getattr(c, ids) for c in gone)
        assert row["reported_count"] == row["case_study_count"] + carrying_gone, row
    assert sum(r["case_study_count"] for r in rows if r["kind"] == "support_type") > 0
    if options.get("gone_every"):
        assert any(r["reported_count"] > r["case_study_count"] for r in rows)
    else:
        assert all(r["reported_count"] == r["case_study_count"] for r in rows)


def test_expected_topics_counts_are_what_the_served_listing_reports():
    s = ReplicaSite(200, gone_every=9)
    with ReplicaServer(s, "plain") as server:
        for row in s.expected_topics():
            param = "topic" if row["kind"] == "topic" else "subject"
            tid = row["topic_id"]
            html = server.listing(urlencode({f"{param}[{tid}]": tid}))
            assert count_of(html) == row["reported_count"], row


def test_expected_rows_carry_the_term_ids_and_the_created_month():
    s = ReplicaSite(600)
    by_slug = s.by_slug
    rows = s.expected_rows(BASE)
    for row in rows:
        case = by_slug[row["id"]]
        assert row["topic_ids"] == case.topic_ids
        assert [TOPICS[t] for t in row["topic_ids"]] == row["topics"]
        assert row["support_type_ids"] == [t for t in SUPPORT_TYPES if t in case.subject_ids]
        assert [SUPPORT_TYPES[t] for t in row["support_type_ids"]] == row["support_types"]
        assert row["support_types"] == case.support_types
        month = row["created_month"]
        assert isinstance(month, date) and not isinstance(month, datetime)
        assert month == date(case.created.year, case.created.month, 1)
        if case.shows_date:
            assert row["date_source"] == "page" and row["published_date"].replace(day=1) == month
        else:
            assert row["date_source"] == "listing_filter" and row["published_date"] is None
        for tid in row["topic_ids"]:  # a sub-topic always comes with its parent, before it
            if tid in SUB_TOPICS:
                assert SUB_TOPICS[tid] in row["topic_ids"][: row["topic_ids"].index(tid)]
    assert {r["date_source"] for r in rows} == {"page", "listing_filter"}
    assert any(r["support_types"] for r in rows) and any(len(r["topic_ids"]) == 2 for r in rows)


# --- from / to ----------------------------------------------------------------------------------
def test_parse_day_accepts_iso_and_day_first():
    assert _parse_day("2021-03-03") == date(2021, 3, 3)
    assert _parse_day("03/03/2021") == _parse_day(" 2021-03-03 ") == date(2021, 3, 3)
    assert _parse_day("28/02/2013") == date(2013, 2, 28)
    for nothing in ("", "  ", "2021-13-01", "31/02/2021", "March 2021", "All"):
        assert _parse_day(nothing) is None, nothing


def _month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def test_from_to_is_an_inclusive_created_date_range():
    s = site()
    case = s.case_studies[100]
    day = case.created.date()
    assert case in s.query({"from": day.isoformat(), "to": day.isoformat()})
    assert case in s.query({"to": f"{day:%d/%m/%Y}"})
    assert case not in s.query({"to": (day - timedelta(days=1)).isoformat()})
    assert case not in s.query({"from": (day + timedelta(days=1)).isoformat()})
    assert s.query({"from": "2015-01-01", "to": "2014-12-31"}) == []
    # Empty or unreadable bounds are no bounds (the live site's links carry `from=&to=`).
    assert s.query({"from": "", "to": ""}) == s.query({}) == s.query({"from": "soon"})
    # One month at a time, day-first or ISO: exactly the case studies created that month.
    months = sorted({c.created.date().replace(day=1) for c in s.case_studies})
    seen = 0
    for first in months:
        last = _month_end(first)
        iso = s.query({"from": first.isoformat(), "to": last.isoformat()})
        day_first = s.query({"from": f"{first:%d/%m/%Y}", "to": f"{last:%d/%m/%Y}"})
        assert iso == day_first
        assert set(map(id, iso)) == {
            id(c) for c in s.case_studies if c.created.date().replace(day=1) == first
        }
        seen += len(iso)
    assert seen == len(s.case_studies)


def test_to_keeps_a_case_study_created_late_on_its_day():
    s = ReplicaSite(30)
    late = s.publish(datetime(2030, 6, 30, 23, 59, 59, tzinfo=timezone.utc))
    assert late in s.query({"from": "2030-06-01", "to": "2030-06-30"})
    assert late in s.query({"from": "01/06/2030", "to": "30/06/2030"})
    assert late not in s.query({"to": "29/06/2030"})


def test_served_listing_filters_by_created_month():
    s = site()
    first = s.case_studies[40].created.date().replace(day=1)
    last = _month_end(first)
    want = s.query({"from": first.isoformat(), "to": last.isoformat()})
    with ReplicaServer(s, "classic") as server:
        for bounds in (
            {"from": first.isoformat(), "to": last.isoformat()},
            {"from": f"{first:%d/%m/%Y}", "to": f"{last:%d/%m/%Y}"},
        ):
            query = urlencode({"keys": "", **bounds, "sort_by": "created", "sort_order": "ASC"})
            html = server.listing(query)
            assert count_of(html) == len(want) > 0
            shown = re.findall(r'teaser__title"><a href="[^"]*/case-studies/([a-z0-9-]+)', html)
            assert shown == [c.slug for c in sorted(want, key=lambda c: c.created)][:10]
