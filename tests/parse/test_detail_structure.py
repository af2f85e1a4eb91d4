"""parse_detail_page by structure, not wording: the failures seen on unseen markups, one by one.

Each page is hand-written in a markup none of the replica's variants uses.
"""

from __future__ import annotations

from datetime import date

import pytest

from casecrawl.parse.detail import DetailHints, parse_detail_page

BASE = "https://www.local.gov.uk"
URL = BASE + "/case-studies/wigan-parks"
SUMMARY = "Wigan Council improved its parks with residents."
VOCABULARY = frozenset({"Culture", "Libraries", "Sustainability", "Children and young people"})
HINTS = DetailHints(summary=SUMMARY, vocabulary=VOCABULARY, from_listing=True)
BODY = "<h3>The challenge</h3><p>Parks were tired.</p><h3>The impact</h3><p>Visits rose.</p>"
BODY_TEXT = "The challenge\n\nParks were tired.\n\nThe impact\n\nVisits rose."


def page(header: str, after_body: str = "", before_title: str = "") -> str:
    return (
        "<html><head><title>Wigan Council: Parks | LGA</title></head><body>"
        "<div class='menu'><a href='/'>Home</a> | <a href='/topics'>Topics</a></div>"
        f"<div class='wrap'>{before_title}<h1>Wigan Council: Parks</h1>{header}"
        f"<div class='copy'>{BODY}</div>{after_body}</div>"
        "<div class='foot'><a href='/contact'>Contact</a> <a href='/privacy'>Privacy</a></div>"
        "</body></html>"
    )


@pytest.mark.parametrize(
    "metadata",
    [
        "<dl><dt>Type</dt><dd>Case study</dd><dt>Council</dt><dd>Wigan Council</dd></dl>",
        "<table><tr><th>Type</th><td>Case study</td></tr><tr><th>Council</th><td>Wigan</td></tr>"
        "</table>",
        "<p><strong>Type:</strong> Case study</p><p><strong>Council:</strong> Wigan Council</p>",
        "<p>Type: Case study | Council: Wigan Council</p>",
    ],
    ids=["dl", "table", "inline", "one-line"],
)
def test_label_value_block_after_the_summary_stays_out_of_summary_and_body(metadata):
    parsed = parse_detail_page(page(f"<div>{SUMMARY}</div>{metadata}"), URL, BASE, HINTS)
    assert parsed.summary == SUMMARY
    assert parsed.body_text == BODY_TEXT
    assert parsed.problems == []


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("Published on Wednesday 3 March 2021", date(2021, 3, 3)),
        ("3rd of March 2021", date(2021, 3, 3)),
        ("Posted: Wed, 3 Mar 2021", date(2021, 3, 3)),
        ("March 3, 2021", date(2021, 3, 3)),
        ("03/04/2021", date(2021, 4, 3)),
        ('Published <time datetime="2021-03-03">3 Mar</time>', date(2021, 3, 3)),
    ],
)
def test_a_date_shown_in_plain_english_is_read(shown, expected):
    parsed = parse_detail_page(page(f"<p>{SUMMARY}</p><div>{shown}</div>"), URL, BASE, HINTS)
    assert parsed.published_date == expected
    assert parsed.summary == SUMMARY
    assert parsed.date_evidence


def test_date_inside_metadata_and_topics_on_one_line():
    line = (
        "<p>Type: Case study | Date: 09/01/2012 | Theme: "
        "<a href='/topics/1'>View all<span>Culture articles</span></a></p>"
    )
    parsed = parse_detail_page(page(f"<p>{SUMMARY}</p>{line}"), URL, BASE, HINTS)
    assert parsed.published_date == date(2012, 1, 9)
    assert parsed.topics == ["Culture"]
    assert parsed.body_text == BODY_TEXT


@pytest.mark.parametrize(
    "topics",
    [
        "<p><a href='/topics/1'>View all<span>Culture articles</span></a>"
        "<a href='/topics/2'>View all<span>Libraries articles</span></a></p>",
        "<p><a href='/topics/1'>View all Culture articles</a>, "
        "<a href='/topics/2'>View all Libraries articles</a></p>",
        "<ul><li><a href='/topics/1'>View all Culture articles</a></li>"
        "<li><a href='/topics/2'>View all Libraries articles</a></li></ul>",
        "<p>Culture, Libraries</p>",  # old pages: bare names, several on one line
        "<div><span>Culture</span> <span>Libraries</span></div>",
    ],
    ids=["glued-links", "comma-links", "list", "bare-comma", "bare-spans"],
)
def test_topic_links_are_read_one_at_a_time(topics):
    parsed = parse_detail_page(page(f"<p>{SUMMARY}</p>{topics}"), URL, BASE, HINTS)
    assert parsed.topics == ["Culture", "Libraries"]
    assert parsed.summary == SUMMARY
    assert parsed.body_text == BODY_TEXT


@pytest.mark.parametrize(
    "side",
    [
        "<section><h4>Filed under</h4><div><a href='/topics/1'>View all Culture articles</a></div>"
        "<div><a href='/topics/2'>View all Libraries articles</a></div></section>",
        "<div><strong>Topics</strong><ul><li>Culture</li><li>Libraries</li></ul></div>",
    ],
)
def test_a_side_block_of_topics_after_the_body(side):
    parsed = parse_detail_page(page(f"<p>{SUMMARY}</p>", after_body=side), URL, BASE, HINTS)
    assert parsed.topics == ["Culture", "Libraries"]
    assert parsed.body_text == BODY_TEXT


def test_an_eyebrow_topic_above_the_title():
    eyebrow = "<div><a href='/topics/1'>View all Culture articles</a></div>"
    parsed = parse_detail_page(page(f"<p>{SUMMARY}</p>", before_title=eyebrow), URL, BASE, HINTS)
    assert parsed.topics == ["Culture"]
    assert parsed.summary == SUMMARY


RELATED_ITEMS = (
    (
        "/case-studies/leeds-libraries",
        "Leeds City Council: Libraries as hubs",
        "Leeds opened hubs.",
    ),
    ("/node/10042", "Cornwall Council: Solar farm", "Cornwall built a farm."),
    (BASE + "/case-studies/fife-food?ref=related", "Fife Council: Food waste", None),
)


def related(heading: str, item: str) -> str:
    items = "".join(
        item.format(href=h, title=t, summary=s or "", label="View all Culture articles")
        for h, t, s in RELATED_ITEMS
    )
    return f"{heading}{items}"


@pytest.mark.parametrize(
    "heading", ["<h2>Explore more from our councils</h2>", "<p><b>Also worth a read</b></p>", ""]
)
@pytest.mark.parametrize(
    "item",
    [
        "<p><a href='{href}'>{title}</a></p><p>{summary}</p>",
        "<div class='card'><img src='x.jpg' alt=''><a href='{href}'>{title}</a><p>{summary}</p>"
        "<a href='/topics/1'>{label}</a></div>",
        "<p><a href='{href}'>{title}</a></p><p><a href='/topics/1'>{label}</a></p>",
    ],
    ids=["title-summary", "card-with-label", "title-label"],
)
def test_related_block_is_found_by_its_shape_whatever_its_heading(heading, item):
    block = related(heading, item)
    parsed = parse_detail_page(page(f"<p>{SUMMARY}</p>", after_body=block), URL, BASE, HINTS)
    assert parsed.body_text == BODY_TEXT
    assert parsed.topics == []  # the related items' labels are not this page's topics
    assert "related" in [role for _, role in parsed.roles]


def test_related_block_in_a_side_column_before_the_body():
    side = "<div class='side'>" + related("", "<p><a href='{href}'>{title}</a></p>") + "</div>"
    html = page(f"<p>{SUMMARY}</p>{side}")
    parsed = parse_detail_page(html, URL, BASE, HINTS)
    assert parsed.summary == SUMMARY
    assert parsed.body_text == BODY_TEXT


def test_a_link_to_another_case_study_inside_the_body_stays():
    body_link = "<p>See how <a href='/case-studies/leeds-libraries'>Leeds did it</a> before us.</p>"
    parsed = parse_detail_page(page(f"<p>{SUMMARY}</p>", after_body=body_link), URL, BASE, HINTS)
    assert parsed.body_text == BODY_TEXT + "\n\nSee how Leeds did it before us."


def test_teaser_says_no_summary_so_the_first_paragraph_is_body():
    hints = DetailHints(summary=None, vocabulary=VOCABULARY, from_listing=True)
    html = page("<p>First paragraph of the body.</p><p>View all Culture articles</p>")
    parsed = parse_detail_page(html, URL, BASE, hints)
    assert parsed.summary is None
    assert parsed.body_text.startswith("First paragraph of the body.")


def test_every_field_names_its_cue():
    html = page(f"<p>{SUMMARY}</p><p>Published 3 March 2021</p><p>View all Culture articles</p>")
    parsed = parse_detail_page(html, URL, BASE, HINTS)
    assert set(parsed.cues) >= {"title", "summary", "topics", "published_date", "body_text"}
    assert "Published 3 March 2021" in parsed.cues["published_date"]
