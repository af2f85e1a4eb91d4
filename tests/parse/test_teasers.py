"""Teasers told apart against their pages: an eyebrow, a date glued to the front of the
summary, a 'View all' + '<Topic> articles' label and a 'Read more' link are not summary."""

from __future__ import annotations

from datetime import date

from casecrawl.parse.listing import parse_listing_page
from casecrawl.parse.template import TemplatePage
from casecrawl.parse.template.teasers import learn_teaser_template
from casecrawl.parse.vocabulary import TopicVocabulary

BASE = "https://www.local.gov.uk"
VOCABULARY = TopicVocabulary(frozenset({"Culture", "Housing"}))
ROWS = [
    (
        f"case-{n}",
        f"Project number {n} in the town",
        f"What the council did in project {n} over a year.",
    )
    for n in range(8)
]


def listing_html() -> str:
    teasers = "".join(
        f"""<div class="card"><a href="/case-studies/{slug}"><p class="eyebrow">Case study</p>
<p class="name">{title}</p></a>
<p class="text"><span class="when">{n + 1} March 2021</span> {summary}
<a href="/case-studies/{slug}">Read more</a></p>
<div class="label"><a href="/topics/culture">View all<span>Culture articles</span></a></div></div>"""
        for n, (slug, title, summary) in enumerate(ROWS)
    )
    return f"""<html><body><h1>Case studies</h1><p>Your search returned {len(ROWS)} results</p>
<div class="results">{teasers}</div></body></html>"""


def detail(slug: str, title: str, summary: str) -> TemplatePage:
    n = int(slug.rsplit("-", 1)[1]) if slug[-1].isdigit() else 0
    html = f"""<html><body><h1>{title}</h1><p class="lead">{summary}</p><p>{n + 1} March 2021</p>
<p><a href="/topics/culture">View all<span>Culture articles</span></a></p>
<div class="body"><p>Body text of {slug}, written for this test.</p></div></body></html>"""
    return TemplatePage(html, f"{BASE}/case-studies/{slug}", BASE)


def test_the_parts_of_a_teaser_take_the_roles_they_play_on_its_page():
    listing = parse_listing_page(listing_html(), f"{BASE}/case-studies", BASE, VOCABULARY.names)
    assert [t.slug for t in listing.teasers] == [slug for slug, _, _ in ROWS]
    samples = [(t, detail(*row)) for t, row in zip(listing.teasers[:6], ROWS, strict=False)]
    template = learn_teaser_template(samples, VOCABULARY)
    assert template is not None
    for n, (teaser, (_, title, summary)) in enumerate(zip(listing.teasers, ROWS, strict=True)):
        read = template.read(teaser, VOCABULARY, BASE)
        assert read.title == title  # not the eyebrow 'Case study'
        assert read.summary == summary  # no date before it, no 'Read more' after it
        assert read.date == date(2021, 3, n + 1)
        assert read.topic == "Culture"  # the 'View all' label, not part of the summary


def test_a_template_that_reads_no_better_than_the_listing_parser_is_not_kept():
    listing = parse_listing_page(listing_html(), f"{BASE}/case-studies", BASE, VOCABULARY.names)
    # Pages that share nothing with their teasers: there is nothing to learn.
    samples = [(t, detail("x", "Something else", "Nothing alike")) for t in listing.teasers]
    assert learn_teaser_template(samples, VOCABULARY) is None
