"""The pipelines' pure functions: validation, topics, ranks, CSV cells, completeness."""

from __future__ import annotations

import csv
from datetime import date, datetime, timezone

import pytest

from casecrawl.fetch.ledger import RunLedger
from casecrawl.parse.topics import normalise_topics
from casecrawl.publish.assemble import assign_listing_ranks
from casecrawl.publish.completeness import assess
from casecrawl.publish.formats import csv_value
from pipelines.validate import validation_errors


def valid_item(**changes) -> dict:
    item = {
        "id": "wigan-parks",
        "url": "https://www.local.gov.uk/case-studies/wigan-parks",
        "title": "Wigan Council: Parks",
        "summary": None,
        "topics": ["Culture"],
        "published_date": date(2021, 3, 3),
        "body_text": "Text.",
        "sections": [{"heading": "", "text": "Text."}],
        "links": [],
        "listing_position": 4,
        "crawled_at": datetime(2026, 1, 1, tzinfo=timezone.utc),
        "source": "https://www.local.gov.uk",
    }
    return {**item, **changes}


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({}, None),
        ({"title": None}, "title is missing"),
        ({"title": ""}, "title is missing"),
        ({"body_text": ""}, "body_text is missing"),
        ({"topics": ["Culture", ""]}, "topics must be a list of non-empty strings"),
        ({"published_date": "2021-03-03"}, "published_date must be a date"),
        ({"sections": [{"heading": "x"}]}, "sections must be a list of {heading, text}"),
        ({"crawled_at": datetime(2026, 1, 1)}, "crawled_at must be a timezone-aware datetime"),
    ],
)
def test_validation(changes, error):
    errors = validation_errors(valid_item(**changes))
    assert errors == ([] if error is None else [error])


@pytest.mark.parametrize(
    ("topics", "vocabulary", "expected", "unknown"),
    [
        (
            ["Culture", " culture ", "Early  Years"],
            {"Culture", "Early Years"},
            ["Culture", "Early Years"],
            [],
        ),
        (["Arts"], {"Culture"}, ["Arts"], ["Arts"]),
        (["Arts"], set(), ["Arts"], []),
        (["", "Housing"], {"Housing"}, ["Housing"], []),
    ],
)
def test_topics(topics, vocabulary, expected, unknown):
    assert normalise_topics(topics, frozenset(vocabulary)) == (expected, unknown)


def test_listing_rank_is_newest_first_for_either_walk_order():
    items = [{"id": "old", "listing_position": 0}, {"id": "new", "listing_position": 7}]
    asc = assign_listing_ranks(items, "ASC")
    assert [(r["id"], r["listing_rank"]) for r in asc] == [("new", 0), ("old", 1)]
    desc = assign_listing_ranks(items, "DESC")
    assert [(r["id"], r["listing_rank"]) for r in desc] == [("old", 0), ("new", 1)]


def test_csv_cells():
    assert csv_value("topics", ["A", "B"]) == "A; B"
    sections = [{"heading": "", "text": "Intro"}, {"heading": "The impact", "text": "Big"}]
    assert csv_value("sections", sections) == "Intro\n\nThe impact: Big"
    assert csv_value("published_date", date(2021, 3, 12)) == "2021-03-12"
    assert csv_value("summary", None) == ""
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert csv_value("crawled_at", when) == "2026-01-02T03:04:05Z"


def report_with(total: int | None, **fields) -> RunLedger:
    report = RunLedger(base_url="https://www.local.gov.uk")
    if total is not None:
        report.reported_totals.append(total)
    for key, value in fields.items():
        setattr(report, key, value)
    return report


def test_complete_when_everything_reported_is_written_less_gone():
    report = report_with(3, gone=["https://www.local.gov.uk/case-studies/c"])
    verdict = assess(report, {"a", "b"}, {"a", "b", "c"})
    assert verdict.complete and verdict.expected == 2


def test_incomplete_says_what_is_missing():
    report = report_with(3, failed={"https://www.local.gov.uk/case-studies/c": "HTTP 500"})
    verdict = assess(report, {"a", "b"}, {"a", "b", "c"})
    assert not verdict.complete
    assert verdict.missing[0]["reason"] == "detail page failed: HTTP 500"

    short = assess(report_with(5), {"a", "b"}, {"a", "b"})
    assert not short.complete
    assert "3 case studies reported but not found on any listing page" in str(short.missing)

    assert not assess(report_with(None), set(), set()).complete
    assert not assess(report_with(0), set(), set()).complete  # never publish an empty snapshot


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 20 7664 3000", "'+44 20 7664 3000"),
        ("-2 degrees", "'-2 degrees"),
        ("@council", "'@council"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturn", "'\rReturn"),
        ("Plain title", "Plain title"),
        ("", ""),
    ],
)
def test_spreadsheet_safe_text_cells(cell, shown):
    from casecrawl.publish.formats import spreadsheet_safe

    assert spreadsheet_safe(cell) == shown


def test_csv_guards_text_but_not_numbers_and_parquet_keeps_the_raw_value(tmp_path):
    import pyarrow.parquet as pq

    from casecrawl.publish.writer import SnapshotWriter

    topics = [
        {"topic_id": -5, "name": "=cmd|' /C calc'!A0", "kind": "topic", "slug": "-x",
         "parent_id": None, "case_study_count": 0, "reported_count": -1,
         "in_filter_form": True},
    ]  # fmt: skip
    path = SnapshotWriter(tmp_path).write({"topics": topics}, {"snapshot_id": "s"}, [], True)
    with (path / "topics.csv").open(newline="", encoding="utf-8") as handle:
        row = list(csv.DictReader(handle))[0]
    assert row["name"] == "'=cmd|' /C calc'!A0"
    assert row["slug"] == "'-x"
    assert row["topic_id"] == "-5" and row["reported_count"] == "-1"  # numbers untouched
    assert pq.read_table(path / "topics.parquet").column("name")[0].as_py() == topics[0]["name"]
