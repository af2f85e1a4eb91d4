"""parse_listing_page on saved replica pages of each markup, and on hand-written edge cases."""

from __future__ import annotations

import pytest
from support import expected_for, saved_pages

from casecrawl.parse.listing import parse_listing_page
from casecrawl.urls import listing_page_number

BASE = "https://www.local.gov.uk"


@pytest.mark.parametrize(("variant", "path"), saved_pages("listing"), ids=lambda p: str(p))
def test_saved_listing_page(variant, path):
    expected = expected_for(path)
    page = parse_listing_page(path.read_text("utf-8"), expected["url"], BASE)
    assert page.problems == []
    assert page.total == expected["total"]
    got = [
        {"slug": t.slug, "title": t.title, "summary": t.summary, "topic": t.topic}
        for t in page.teasers
    ]
    assert got == expected["teasers"]
    assert page.topics == expected["topics"]
    assert page.support_types == expected["support_types"]
    if expected["next_page"] is None:
        assert max(page.pager_links) < listing_page_number(expected["url"]) + 1
    else:
        next_url = page.pager_links[expected["next_page"]]
        assert listing_page_number(next_url) == expected["next_page"]


def test_menu_and_side_links_to_case_studies_are_not_teasers():
    html = """<html><body>
    <nav><a href="/case-studies/featured-one">Featured one</a></nav>
    <div><p>Your search returned 2 results</p>
      <div class="r"><h3><a href="/case-studies/first">First</a></h3><p>One.</p></div>
      <div class="r"><h3><a href="/case-studies/second">Second</a></h3><p>Two.</p>
        <a href="/topics/1">View allCulture articles</a></div>
    </div>
    <div class="promo"><p><a href="/case-studies/promoted">Promoted case study</a></p></div>
    </body></html>"""
    page = parse_listing_page(html, BASE + "/case-studies?page=0", BASE)
    assert [t.slug for t in page.teasers] == ["first", "second"]
    assert page.teasers[1].topic == "Culture"
    assert page.teasers[0].summary == "One."


def test_count_sentence_missing_is_reported():
    html = "<html><body><h3><a href='/case-studies/a'>A</a></h3></body></html>"
    page = parse_listing_page(html, BASE + "/case-studies", BASE)
    assert page.total is None
    assert "count_sentence" in page.problems


def test_total_with_thousands_separator_and_bare_topic_label():
    html = """<html><body><p>Your search returned 2,568 results</p>
    <h2><a href="/case-studies/x">X title</a></h2><p>Summary of x.</p><p>Performance management</p>
    <h2><a href="/case-studies/y">Y title</a></h2><p>Summary of y.</p>
    </body></html>"""
    page = parse_listing_page(html, BASE + "/case-studies", BASE)
    assert page.total == 2568
    assert [(t.slug, t.summary, t.topic) for t in page.teasers] == [
        ("x", "Summary of x.", "Performance management"),
        ("y", "Summary of y.", None),
    ]


def test_drupal_row_classes_card_links_and_read_more():
    rows = "".join(
        f'<div class="views-row views-row-{i} views-row-{"odd" if i % 2 else "even"}">'
        f'<a href="/case-studies/s{i}"><h3>Title {i}</h3><p>Summary {i}.</p></a>'
        f'<p><a href="/case-studies/s{i}">Read more</a></p></div>'
        for i in range(1, 5)
    )
    html = f"<html><body><p>Your search returned 4 results</p>{rows}</body></html>"
    page = parse_listing_page(html, BASE + "/case-studies", BASE)
    assert [(t.slug, t.title, t.summary) for t in page.teasers] == [
        (f"s{i}", f"Title {i}", f"Summary {i}.") for i in range(1, 5)
    ]


def test_count_sentence_below_the_teasers():
    html = """<html><body><ul>
    <li><h2><a href="/case-studies/a">A</a></h2><p>About a.</p></li>
    <li><h2><a href="/case-studies/b">B</a></h2><p>About b.</p></li></ul>
    <p>Your search returned 2 results</p></body></html>"""
    page = parse_listing_page(html, BASE + "/case-studies", BASE)
    assert page.total == 2
    assert [(t.slug, t.summary) for t in page.teasers] == [("a", "About a."), ("b", "About b.")]


def test_topic_label_above_the_title_in_a_wrapped_teaser():
    rows = "".join(
        f"<li><a href='/topics/{i}'>View all Housing articles</a>"
        f"<h3><a href='/case-studies/h{i}'>Homes {i}</a></h3><p>About homes {i}.</p></li>"
        for i in range(3)
    )
    html = f"<html><body><p>Your search returned 3 results</p><ul>{rows}</ul></body></html>"
    page = parse_listing_page(html, BASE + "/case-studies", BASE)
    assert [(t.slug, t.summary, t.topic) for t in page.teasers] == [
        (f"h{i}", f"About homes {i}.", "Housing") for i in range(3)
    ]
