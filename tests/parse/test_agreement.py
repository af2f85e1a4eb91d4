"""Cross-checks: each field against the listing's second opinion, and the limit that stops a snapshot."""

from __future__ import annotations

from datetime import date

import pytest

from casecrawl.parse.agreement import (
    CrossChecks,
    TitleIndex,
    body_disagreement,
    date_disagreement,
    parse_allowances,
    summary_disagreement,
    title_disagreement,
    topics_disagreement,
)
from casecrawl.parse.listing import Teaser

SUMMARY = "Wigan Council improved its parks with residents and local businesses."


def teaser(slug="wigan-parks", title="Wigan Council: Parks", summary=SUMMARY, topic=None, **kw):
    return Teaser(slug, f"/case-studies/{slug}", title, summary, topic, 0, **kw)


@pytest.mark.parametrize(
    ("page", "shown", "agrees"),
    [
        (SUMMARY, SUMMARY, True),
        ("Wigan Council  improved its parks\nwith residents and local businesses.", SUMMARY, True),
        (SUMMARY, "Wigan Council improved its parks with…", True),  # shortened on the listing
        (SUMMARY, "Wigan Council improved its parks with...", True),
        (SUMMARY + " Type: Case study", SUMMARY, False),  # the metadata ran into it
        (SUMMARY[:30], SUMMARY, False),
        ("Wigan Council improved its gardens", "Wigan Council improved its parks...", False),
        ("Summary " + SUMMARY, SUMMARY, True),  # leaked label words are not a difference
        (None, None, True),
    ],
)
def test_summary_against_the_teaser(page, shown, agrees):
    reason = summary_disagreement(page, teaser(summary=shown), [])
    assert (reason is None) is agrees, reason


def test_a_page_may_show_no_summary_unless_it_shows_the_teasers():
    assert summary_disagreement(None, teaser(), ["The challenge", "Parks were tired."]) is None
    reason = summary_disagreement(None, teaser(), [SUMMARY, "Parks were tired."])
    assert "no summary was read" in reason


def test_title_against_the_teaser_link_text():
    assert title_disagreement("Wigan Council:  Parks", teaser()) is None
    assert "listing says" in title_disagreement("Read our White Paper", teaser())


@pytest.mark.parametrize(
    ("topics", "label", "agrees"),
    [
        (["Culture", "Libraries"], "Culture", True),
        (["Culture"], None, True),
        (["culture"], "Culture", True),
        (["CultureLibraries"], None, False),  # merged into one string: not a known name
        (["Culture"], "Libraries", False),  # the teaser's label is not among the page's
        ([], "Culture", False),
    ],
)
def test_topics_against_the_filter_names_and_the_teaser_label(topics, label, agrees):
    reason = topics_disagreement(topics, teaser(topic=label), {"Culture", "Libraries"})
    assert (reason is None) is agrees, reason


def test_an_ambiguous_teaser_label_agrees_with_either_reading():
    ambiguous = teaser(topic="Culture", topic_ambiguous=True, topic_alternative="Libraries")
    assert topics_disagreement(["Libraries"], ambiguous, {"Culture", "Libraries"}) is None
    assert topics_disagreement(["Housing"], ambiguous, {"Culture", "Libraries", "Housing"})


def test_date_like_header_must_yield_a_date():
    assert date_disagreement(None, ["Published 3 March 2021"])
    assert date_disagreement(date(2021, 3, 3), ["Published 3 March 2021"]) is None
    assert date_disagreement(None, []) is None


OTHERS = {
    "leeds-libraries": teaser(
        "leeds-libraries", "Leeds City Council: Libraries as hubs", "Leeds opened six hubs."
    ),
    "cornwall-solar": teaser("cornwall-solar", "Cornwall Council: Solar farm", "Cornwall built."),
}


@pytest.mark.parametrize(
    ("body", "agrees"),
    [
        ("The challenge\n\nParks were tired.", True),
        (
            "Parks were tired.\n\nLeeds City Council: Libraries as hubs\n\nLeeds opened six hubs.",
            False,
        ),
        (
            "Parks were tired.\n\nLeeds City Council: Libraries as hubs Leeds opened six hubs.",
            False,
        ),
        (
            "Parks were tired.\n\nLeeds City Council: Libraries as hubs\n\n"
            "Cornwall Council: Solar farm",
            False,
        ),  # ends with a run of links to other case studies
        ("We learned from Leeds City Council: Libraries as hubs was a model.", True),
    ],
)
def test_body_holds_no_related_block(body, agrees):
    reason = body_disagreement(body, "wigan-parks", TitleIndex(OTHERS))
    assert (reason is None) is agrees, reason


def check(checks: CrossChecks, entry: dict) -> None:
    """What the pipeline does with an item: the listing's checks and the libraries' opinions."""
    checks.check_item(entry, teaser(), set())
    checks.check_opinions(entry)


def item(n: int, **changes) -> dict:
    return {
        "id": f"case-{n}",
        "url": f"https://www.local.gov.uk/case-studies/case-{n}",
        "title": "Wigan Council: Parks",
        "summary": SUMMARY,
        "topics": [],
        "published_date": None,
        "body_text": "Parks were tired.",
        "date_evidence": [],
        "header_texts": [],
        # trafilatura agreed with the body; no library had an opinion on the date
        "opinions": {"title": "", "date": None, "body": ""},
        **changes,
    }


def test_more_than_two_percent_disagreeing_stops_publication_naming_cue_share_and_urls():
    checks = CrossChecks()
    for n in range(100):
        changes = {"summary": SUMMARY + " Type: Case study"} if n < 3 else {}
        check(checks, item(n, **changes))
    failures = checks.failures({})
    assert len(failures) == 1
    assert failures[0]["reason"].startswith("cross-check 'summary': 3.0% of the detail pages")
    assert "100 checked against the listing" in failures[0]["reason"]
    assert (failures[0]["field"], failures[0]["share"]) == ("summary", 0.03)
    assert failures[0]["urls"] == [item(n)["url"] for n in range(3)]
    assert checks.manifest({})["summary"]["disagreements"] == 3
    assert checks.failures({"summary": 0.05}) == []  # --allow-disagreement summary=5%


def test_two_percent_or_less_is_published_and_counted():
    checks = CrossChecks()
    for n in range(100):
        check(checks, item(n, title="Other" if n < 2 else "Wigan Council: Parks"))
    assert checks.failures({}) == []
    assert checks.manifest({})["title"]["disagreements"] == 2
    assert checks.manifest({})["body"]["confirmed"] == {"libraries": 100}


def test_a_field_nothing_independent_confirmed_is_not_published():
    checks = CrossChecks()
    for n in range(20):  # a date read on every page; the listing shows none, no library had one
        check(checks, item(n, published_date="2021-03-03"))
    (failure,) = checks.failures({})
    assert failure["field"] == "date"
    assert failure["reason"].startswith("nothing independent confirmed the date")
    checks.check_opinions(item(99, opinions={"title": "", "date": "", "body": ""}))
    assert checks.failures({}) == []  # htmldate (say) gave the same date on one page


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], {}),
        (["summary=0.05"], {"summary": 0.05}),
        (["topics=10%", "date=1"], {"topics": 0.1, "date": 1.0}),
    ],
)
def test_allowances(values, expected):
    assert parse_allowances(values) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("summaries=0.1", "unknown cue 'summaries'"),
        ("summary=lots", "SHARE must be a number"),
        ("summary=150%", "between 0 and 1"),
    ],
)
def test_bad_allowances_name_the_input(value, message):
    with pytest.raises(ValueError, match=message) as error:
        parse_allowances([value])
    assert value in str(error.value)
