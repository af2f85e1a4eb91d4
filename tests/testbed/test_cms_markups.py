"""The markups modelled on real CMS themes (localgov, govuk, wordpress, olivero) keep the truth.

Read with lxml only (never the project's parsers): on awkward case studies of a 300-case
replica every page has the title as an h1, the summary once (none when there is none), every
topic, the body blocks in order with nothing between them, the created date exactly when it is
shown; every listing has the count sentence, the teasers, the filters with every term's ID and
the pager; the bad-content replica renders in-process without an error.
"""

from __future__ import annotations

import json
import re
from functools import cache
from urllib.parse import urlencode

import lxml.html
import pytest

from casecrawl.testbed.markups import VARIANTS, get_variant
from casecrawl.testbed.server import ReplicaServer, related_links, teaser_href
from casecrawl.testbed.site import SUPPORT_TYPES, TOPICS, ReplicaSite, topic_path
from casecrawl.testbed.views import DetailView, ListingView

BASE = "https://www.local.gov.uk"
BANNER = "Visit our devolution and LGR hub for the latest on local government reorganisation"
CMS = ("localgov", "govuk", "wordpress", "olivero")
SITE_NAME = "Local Government Association"
# The element each markup gives the summary (to check there is none when there is no summary).
SUMMARY_CLASS = {
    "localgov": "lgd-page-title-block__subheader",
    "govuk": "gem-c-lead-paragraph",
    "wordpress": "wp-block-post-excerpt__excerpt",
    "olivero": "field--name-field-summary",
}
COUNT = re.compile(r"Your search returned ([\d,]+) (results?)")


@cache
def site() -> ReplicaSite:
    return ReplicaSite(300)


AWKWARD = {
    "no summary": lambda c: c.summary is None,
    "no topics": lambda c: not c.topic_ids,
    "two topics": lambda c: len(c.topic_ids) == 2,
    "two topics, old style": lambda c: len(c.topic_ids) == 2 and c.old_style,
    "one topic, new style": lambda c: len(c.topic_ids) == 1 and not c.old_style,
    "no date": lambda c: not c.shows_date,
    "date": lambda c: c.shows_date and c.summary is not None,
    "series line": lambda c: c.series_line is not None,
    "bold headings": lambda c: any(b.heading_style == "bold" for b in c.body),
    "h3 headings": lambda c: any(b.heading_style == "h3" for b in c.body),
    "lists": lambda c: any(b.kind == "list" for b in c.body),
    "body links": lambda c: any(s.href for b in c.body for s in b.segments),
    "body starts with the summary": lambda c: (
        c.summary is not None and c.body[0].kind == "p" and c.body[0].text == c.summary
    ),
    "no headings": lambda c: all(b.kind != "heading" for b in c.body),
}


@cache
def awkward_cases() -> dict[str, object]:
    found = {}
    for why, wanted in AWKWARD.items():
        found[why] = next(c for c in site().case_studies if wanted(c) and not c.gone)
    return found


CASES = sorted(AWKWARD)


def detail_view(case) -> DetailView:
    others = site().related_to(case)
    return DetailView(BASE, BANNER, case, related_links(others, BASE), others)


def listing_view(query: dict[str, str], page: int = 0) -> ListingView:
    results = site().query(query)
    last = max((len(results) - 1) // 10, 0)
    return ListingView(
        BASE, BANNER, len(results), page, last, results[page * 10 : page * 10 + 10],
        TOPICS, SUPPORT_TYPES,
        lambda n: "/case-studies?" + urlencode({**query, "page": str(n)}),
        lambda c: teaser_href(c, BASE),
    )  # fmt: skip


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def innermost(tree, text: str) -> list:
    """Elements whose whole text is `text` (spaces normalised), none of whose children's is."""
    found = []
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "title", "head"):
            continue
        if norm(el.text_content()) == text and not any(
            isinstance(ch.tag, str) and norm(ch.text_content()) == text for ch in el
        ):
            found.append(el)
    return found


def date_forms(day) -> list[str]:
    """The forms a created date may take (site.py's rule), to look for where none may be."""
    return [
        day.isoformat(),
        f"{day:%d/%m/%Y}",
        f"{day.day} {day:%B %Y}",
        f"{day:%B} {day.day}, {day.year}",
        f"{day.day} {day:%b %Y}",
        f"{day:%b} {day.day}, {day.year}",
    ]


def block_matches(el, block) -> bool:
    if not isinstance(el.tag, str):
        return False
    if block.kind == "list":
        return el.tag == "ul" and [li.text_content() for li in el.findall("li")] == block.items
    if block.kind == "heading" and block.heading_style != "bold":
        return el.tag == block.heading_style and el.text_content() == block.text
    if block.kind == "heading":
        return el.tag == "p" and el.find("strong") is not None and el.text_content() == block.text
    if el.tag != "p" or el.text_content() != block.text:
        return False
    hrefs = [a.get("href") for a in el.iter("a")]
    return hrefs == [s.href for s in block.segments if s.href]


def body_run(tree, blocks) -> list:
    """The elements of the body's blocks: consecutive siblings, one per block, in order."""
    for start in tree.iter():
        if not block_matches(start, blocks[0]):
            continue
        run, el = [start], start
        for block in blocks[1:]:
            el = el.getnext()
            if el is None or not block_matches(el, block):
                break
            run.append(el)
        else:
            return run
    return []


def topic_element(tree, tid: int, name: str, old_style: bool):
    """The first element in document order that shows topic `tid` in an accepted form."""
    forms = {name, f"View all{name} articles", f"View all {name} articles"}
    hrefs = {topic_path(tid), f"/case-studies?topic%5B{tid}%5D={tid}"}
    bare = innermost(tree, name) if old_style else []
    for el in tree.iter():
        if el.tag == "a" and el.get("href") in hrefs and norm(el.text_content()) in forms:
            return el
        if any(el is b for b in bare):
            return el
    return None


# --- detail pages -----------------------------------------------------------------------------
@pytest.mark.parametrize("why", CASES)
@pytest.mark.parametrize("name", CMS)
def test_detail_keeps_the_ground_truth(name, why):
    case = awkward_cases()[why]
    html = VARIANTS[name].render_detail(detail_view(case))
    assert html == VARIANTS[name].render_detail(detail_view(case))  # deterministic
    tree = lxml.html.fromstring(html)
    elements = list(tree.iter())
    where = elements.index

    # The title: an h1 (a site-name h1 may come before it, nothing else).
    h1s = [norm(h.text_content()) for h in tree.iter("h1")]
    assert h1s[-1] == case.title, (name, why, h1s)
    assert all(text == SITE_NAME for text in h1s[:-1]), (name, why, h1s)
    title = [h for h in tree.iter("h1") if norm(h.text_content()) == case.title][-1]
    banner = innermost(tree, BANNER)
    assert banner and where(banner[0]) < where(title), (name, why)
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    assert canonical == [f"{BASE}/case-studies/{case.slug}"], (name, why)

    # The body: every block in order, consecutive siblings, after the title.
    run = body_run(tree, case.body)
    assert len(run) == len(case.body), (name, why)
    body_start = where(run[0])
    assert body_start > where(title)

    # The summary: once in an element of its own, after the title, before the body.
    marked = tree.find_class(SUMMARY_CLASS[name])
    if case.summary is None:
        assert not marked, (name, why)
        assert not tree.xpath("//meta[@name='description']"), (name, why)
        after_title = where(title)
    else:
        assert [norm(el.text_content()) for el in marked] == [case.summary], (name, why)
        shown = innermost(tree, case.summary)
        in_body = sum(1 for el in shown if el in run)
        in_related = sum(1 for o in view_related(case) if o.summary == case.summary)
        assert 1 <= len(shown) - in_body <= 1 + in_related, (name, why, len(shown))
        summary = next(el for el in shown if el not in run)
        assert where(title) < where(summary) < body_start, (name, why)
        after_title = where(summary)

    # The topics: each name shown (a link to its page when new-style), before the body.
    last_topic = after_title
    for tid, topic in zip(case.topic_ids, case.topics, strict=True):
        el = topic_element(tree, tid, topic, case.old_style)
        assert el is not None, (name, why, topic)
        assert after_title < where(el) < body_start, (name, why, topic)
        last_topic = max(last_topic, where(el))
        if not case.old_style:
            assert topic_path(tid) in tree.xpath("//a/@href"), (name, why, topic)

    # The series line: its own element, after the topics, before the body.
    if case.series_line:
        (series,) = innermost(tree, case.series_line)
        assert last_topic < where(series) < body_start, (name, why)

    # The created date: shown exactly when the model says so.
    day = case.created.date()
    if case.shows_date:
        assert day.isoformat() in html, (name, why)
        text = norm(tree.text_content())
        assert f"{day.day} {day:%B %Y}" in text or f"{day:%B} {day.day}, {day.year}" in text
    else:
        assert not [form for form in date_forms(day) if form in html], (name, why)

    # Related case studies: every link.
    hrefs = tree.xpath("//a/@href")
    assert all(href in hrefs for _, href in detail_view(case).related), (name, why)


def view_related(case) -> list:
    return site().related_to(case)


def test_wordpress_prints_last_updated_before_the_publication_date():
    case = awkward_cases()["date"]
    html = VARIANTS["wordpress"].render_detail(detail_view(case))
    text = norm(lxml.html.fromstring(html).text_content())
    day = case.created.date()
    published = text.index(f"{day:%B} {day.day}, {day.year}")
    assert -1 < text.find("Last updated") < published


@pytest.mark.parametrize("name", CMS)
def test_json_ld_and_meta_dates_follow_the_date_rule(name):
    for case in awkward_cases().values():
        html = VARIANTS[name].render_detail(detail_view(case))
        for script in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html):
            data = json.dumps(json.loads(script))
            assert ("datePublished" in data) == case.shows_date, (name, case.slug)
        published = lxml.html.fromstring(html).xpath(
            "//meta[@property='article:published_time']/@content"
        )
        if not case.shows_date:
            assert not published, (name, case.slug)


# --- listing pages ----------------------------------------------------------------------------
def teaser_of(tree, link, title_links) -> object:
    """The widest ancestor of a teaser's title link holding no other teaser's title link."""
    box = link
    while box.getparent() is not None:
        parent = box.getparent()
        if any(other is not link and other in parent.iter("a") for other in title_links):
            break
        box = parent
    return box


@pytest.mark.parametrize(
    ("query", "page"),
    [({"sort_order": "DESC"}, 0), ({"sort_order": "DESC"}, 7), ({"sort_order": "ASC"}, 29),
     ({"topic[2446]": "2446", "sort_order": "ASC"}, 1)],
)  # fmt: skip
@pytest.mark.parametrize("name", CMS)
def test_listing_keeps_count_teasers_filters_and_pager(name, query, page):
    view = listing_view(query, page)
    assert view.results
    html = VARIANTS[name].render_listing(view)
    tree = lxml.html.fromstring(html)
    text = norm(tree.text_content())
    why = (name, query, page)

    assert "Case studies" in [norm(h.text_content()) for h in tree.iter("h1")], why
    (count,) = COUNT.findall(text)
    assert int(count[0].replace(",", "")) == view.total, why
    assert BANNER in text

    # The filters: both headings, '- All -', every term with its ID.
    for heading in ("Filter by topics", "Filter by support type"):
        assert innermost(tree, heading), (why, heading)
    assert "- All -" in text, why
    for param, terms in (("topic", TOPICS), ("subject", SUPPORT_TYPES)):
        for tid in terms:
            carriers = tree.xpath(
                f"//input[@name='{param}[{tid}]' and @value='{tid}']"
                f" | //select[@name='{param}']/option[@value='{tid}']"
                f" | //a[@href='/case-studies?{param}%5B{tid}%5D={tid}']"
            )
            assert len(carriers) == 1, (why, param, tid)
            assert norm(carriers[0].text_content() or "") in ("", terms[tid]), (why, tid)

    # The teasers: title link, summary, at most one topic label in the live site's forms.
    title_links = []
    for case in view.results:
        links = [
            a
            for a in tree.xpath("//a[@href=$h]", h=view.teaser_href(case))
            if norm(a.text_content()) == case.title
        ]
        assert links, (why, case.slug)  # a sidebar may link to it again, after the teaser
        title_links.append(links[0])
    for case, link in zip(view.results, title_links, strict=True):
        box = teaser_of(tree, link, title_links)
        box_text = norm(box.text_content())
        if case.summary is not None:
            assert innermost(box, case.summary), (why, case.slug)
        topic_links = [a for a in box.iter("a") if (a.get("href") or "").startswith("/topics/")]
        if not case.teaser_label:
            assert not topic_links, (why, case.slug)
            assert not any(innermost(box, t) for t in TOPICS.values()), (why, case.slug)
        elif case.old_style:
            assert not topic_links and innermost(box, case.topics[0]), (why, case.slug)
        else:
            (label,) = topic_links
            assert label.get("href") == topic_path(case.topic_ids[0])
            shown = norm(label.text_content())
            assert shown.replace("View all ", "View all") == f"View all{case.topics[0]} articles"
        if not case.shows_date:
            assert not [f for f in date_forms(case.created.date()) if f in box_text], case.slug

    # The pager: the neighbours and both ends.
    hrefs = tree.xpath("//a/@href")
    wanted = {view.page_url(view.last_page)} if view.page < view.last_page else set()
    if view.page > 0:
        wanted |= {view.page_url(0), view.page_url(view.page - 1)}
    if view.page < view.last_page:
        wanted.add(view.page_url(view.page + 1))
    assert wanted <= set(hrefs), (why, wanted - set(hrefs))


@pytest.mark.parametrize("name", CMS)
def test_listing_of_one_result_and_of_none(name):
    case = awkward_cases()["two topics"]
    one = ListingView(
        BASE, BANNER, 1, 0, 0, [case], TOPICS, SUPPORT_TYPES,
        lambda n: f"/case-studies?keys=x&page={n}",
    )  # fmt: skip
    text = norm(lxml.html.fromstring(VARIANTS[name].render_listing(one)).text_content())
    ((count, noun),) = COUNT.findall(text)
    assert count == "1" and noun in ("result", "results"), name
    none = ListingView(BASE, BANNER, 0, 0, 0, [], TOPICS, SUPPORT_TYPES, lambda n: "/x")
    html = VARIANTS[name].render_listing(none)
    assert "Your search returned 0 results" in norm(lxml.html.fromstring(html).text_content())


# --- the server, bad content, lookup ------------------------------------------------------------
@pytest.mark.parametrize("name", CMS)
def test_bad_content_replica_renders_in_process(name):
    bad = ReplicaSite(60, bad_content=True)
    kinds = bad.bad_content_cases()
    with ReplicaServer(bad, name) as server:
        pages = {}
        for case in bad.case_studies:
            pages[case.slug] = server.detail(case)
            server.detail_bytes(case)
        for query in ("sort_by=created&sort_order=DESC&page=0", "sort_order=ASC&page=5",
                      "topic%5B2414%5D=2414", "subject%5B2603%5D=2603&page=0", "keys=nothing"):  # fmt: skip
            assert COUNT.search(norm(lxml.html.fromstring(server.listing(query)).text_content()))
        for status in (404, 410):
            assert "<h1" in server.markup.render_not_found(server.base_url, BANNER, status)
    for html in pages.values():  # JSON-LD stays JSON, whatever the damage
        for script in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html):
            json.loads(script)
    season = pages[kinds["season_date"]]
    assert "1904" not in season and re.search(r"(Winter|Spring|Summer|Autumn) \d{4}", season)
    blank = lxml.html.fromstring(pages[kinds["blank_summary"]])
    assert [norm(el.text_content()) for el in blank.find_class(SUMMARY_CLASS[name])] == [""]


@pytest.mark.parametrize("name", CMS)
def test_get_variant_names_each_cms_markup(name):
    markup = get_variant(name)
    assert markup is VARIANTS[name]
    for function in ("render_listing", "render_detail", "render_not_found"):
        assert callable(getattr(markup, function)), (name, function)
    with pytest.raises(ValueError, match="fixed markup"):
        get_variant(name, 3)
