"""parse_detail_page on saved replica pages of each markup, and on hand-written edge cases."""

from __future__ import annotations

from datetime import date

import pytest
from support import expected_for, saved_pages

from casecrawl.parse.dates import find_date
from casecrawl.parse.detail import DetailHints, parse_detail_page
from casecrawl.testbed.site import TOPICS

BASE = "https://www.local.gov.uk"
FIELDS = ("title", "summary", "topics", "body_text", "sections", "links")


@pytest.mark.parametrize(("variant", "path"), saved_pages("detail"), ids=lambda p: str(p))
def test_saved_detail_page(variant, path):
    expected = expected_for(path)
    hints = DetailHints(summary=expected["summary"], vocabulary=frozenset(TOPICS.values()))
    html = path.read_text("utf-8")
    page = parse_detail_page(html, expected["url"], BASE, hints)
    assert page.problems == []
    for name in FIELDS:
        assert getattr(page, name) == expected[name], name
    shown = page.published_date.isoformat() if page.published_date else None
    assert shown == expected["published_date"]
    has_canonical = 'rel="canonical"' in html
    assert page.canonical_slug == (expected["id"] if has_canonical else None)


def test_banner_is_not_the_title_and_related_block_is_not_body():
    html = """<html><head><title>Wigan Council: Parks | Local Government Association</title></head>
    <body><div><h1>Read our Local Government White Paper</h1></div>
    <article><h1>Wigan Council: Parks</h1><p>Wigan improved its parks.</p>
    <p><a href="/topics/1">View allSustainability articles</a></p>
    <p><strong>The challenge:</strong></p><p>Parks were tired.</p>
    <ul><li>new benches</li><li>more trees</li></ul>
    <p>See <a href="docs/plan.pdf">the plan</a> and <a href="mailto:a@b.c">email us</a>.</p>
    <h2>Related case studies</h2><ul><li><a href="/case-studies/other">Other</a></li></ul>
    </article></body></html>"""
    page = parse_detail_page(html, BASE + "/case-studies/wigan-council-parks", BASE)
    assert page.title == "Wigan Council: Parks"
    assert page.summary == "Wigan improved its parks."
    assert page.topics == ["Sustainability"]
    assert page.body_text == (
        "The challenge:\n\nParks were tired.\n\n- new benches\n- more trees\n\n"
        "See the plan and email us."
    )
    assert page.sections == [
        {
            "heading": "The challenge",
            "text": "Parks were tired.\n\n- new benches\n- more trees\n\nSee the plan and email us.",
        }
    ]
    assert page.links == [BASE + "/case-studies/docs/plan.pdf"]
    assert page.published_date is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 September 2023", date(2023, 9, 12)),
        ("Published 3rd March 2021", date(2021, 3, 3)),
        ("Published: 3rd March 2021", date(2021, 3, 3)),
        ("12/03/2021", date(2021, 3, 12)),  # day first
        ("Date published: 1 February 2019", date(2019, 2, 1)),
        ("2020-07-04", date(2020, 7, 4)),
        ("Published on 12th of March 2021", date(2021, 3, 12)),
        ("Posted: 5 Sept 2022", date(2022, 9, 5)),
        ("The challenge", None),
        ("In March 2021 the council began work on a new plan.", None),
        ("31/02/2021", None),
    ],
)
def test_date_lines(text, expected):
    assert find_date(text)[0] == expected


def test_no_date_shown_gives_none_not_a_guess():
    html = """<html><body><h1>T</h1><p>Summary.</p><h2>The impact</h2>
    <p>In 2019 the council opened 3 hubs on 12 May.</p></body></html>"""
    page = parse_detail_page(html, BASE + "/case-studies/t", BASE)
    assert page.published_date is None


def test_page_without_h1_reports_the_failed_cue():
    page = parse_detail_page("<html><body><p>Hello</p></body></html>", BASE + "/x", BASE)
    assert page.title is None
    assert "h1_title" in page.problems


def test_title_in_a_page_header_and_time_outside_main():
    html = """<html><head><title>Knowsley: Parks | LGA</title></head><body>
    <header><a href="/">LGA</a><nav><a href="/case-studies/x">X</a></nav></header>
    <header class="hero"><h1>Knowsley: Parks</h1><p>Knowsley greened its parks.</p>
    <div>Published <time datetime="2021-03-04">4 Mar</time></div></header>
    <div><p>Body one.</p><p>Body two.</p></div>
    <footer><p>Copyright</p></footer></body></html>"""
    page = parse_detail_page(html, BASE + "/case-studies/knowsley-parks", BASE)
    assert page.title == "Knowsley: Parks"
    assert page.summary == "Knowsley greened its parks."
    assert page.published_date == date(2021, 3, 4)
    assert page.body_text == "Body one.\n\nBody two."


def test_date_above_the_title_and_date_in_the_body_is_ignored():
    html = """<html><body><div><span>12/03/2021</span></div><h1>Title</h1>
    <p>View all Housing articles</p><p>On 1 May 2020 we started.</p></body></html>"""
    page = parse_detail_page(html, BASE + "/case-studies/t", BASE)
    assert page.published_date == date(2021, 3, 12)
    assert page.topics == ["Housing"]
    assert page.summary is None
    assert page.body_text == "On 1 May 2020 we started."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Summary The council built homes.", "The council built homes."),
        ("The council built homes. Background", "The council built homes."),
        ("Summary: The council built homes.", "The council built homes."),
        ("Summary of the work is below.", "Summary of the work is below."),
    ],
)
def test_leaked_label_words_leave_the_summary(text, expected):
    from casecrawl.parse.detail import clean_summary

    assert clean_summary(text) == expected


def test_summary_label_block_is_not_part_of_the_summary():
    html = """<html><body><h1>T</h1><div>Summary</div><p>What we did.</p>
    <p><a href="/topics/3">View all Housing articles</a></p><h2>The challenge</h2><p>B.</p>
    </body></html>"""
    page = parse_detail_page(html, BASE + "/case-studies/t", BASE)
    assert page.summary == "What we did."
