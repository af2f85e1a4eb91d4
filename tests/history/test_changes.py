"""History: content hashes, first/last seen, the removed table, changes between snapshots."""

from __future__ import annotations

import copy
import hashlib
from datetime import date, datetime, timedelta, timezone

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from support import case_study_row

from casecrawl.dataset.schema import COLUMN_NAMES, arrow_schema
from casecrawl.history.changes import (
    COMPARED_COLUMNS,
    HASHED_COLUMNS,
    apply_history,
    changes_between,
    content_hash,
    count_changes,
)

T1 = datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc)
T2 = datetime(2026, 2, 1, 9, 0, tzinfo=timezone.utc)
T3 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
T4 = datetime(2026, 4, 1, 9, 0, tzinfo=timezone.utc)


def row(slug: str, **overrides) -> dict:
    return case_study_row(slug, **{"crawled_at": T1 + timedelta(minutes=5), **overrides})


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in rows}


# ---------------------------------------------------------------- content_hash


def test_columns_hashed_and_compared():
    assert HASHED_COLUMNS == (
        "id",
        "url",
        "title",
        "summary",
        "topics",
        "published_date",
        "body_text",
        "sections",
        "links",
    )
    not_compared = {"listing_rank", "crawled_at", "source", "first_seen", "last_seen"}
    assert set(COMPARED_COLUMNS) == set(COLUMN_NAMES) - not_compared - {"content_hash"}
    assert set(HASHED_COLUMNS) <= set(COMPARED_COLUMNS)
    assert list(COMPARED_COLUMNS) == [c for c in COLUMN_NAMES if c in COMPARED_COLUMNS]


def test_content_hash_is_sha256_of_canonical_json():
    r = row(
        "a",
        title='Café "quoted"',
        summary=None,
        topics=["B", "A"],
        sections=[{"text": "t", "heading": "h"}],
        links=[],
    )
    canonical = (
        '{"body_text":"Body of a.\\n\\n- item","id":"a","links":[],'
        '"published_date":"2021-03-12","sections":[{"heading":"h","text":"t"}],'
        '"summary":null,"title":"Café \\"quoted\\"","topics":["B","A"],'
        '"url":"https://www.local.gov.uk/case-studies/a"}'
    )
    assert content_hash(r) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@pytest.mark.parametrize(
    ("change", "same"),
    [
        ({}, True),
        ({"crawled_at": T4}, True),
        ({"listing_rank": 41}, True),
        ({"source": "http://127.0.0.1:8000"}, True),
        ({"council_codes": [], "councils_mentioned": ["WGN", "MAN"]}, True),
        ({"first_seen": T1, "last_seen": T2, "content_hash": "x"}, True),
        (
            {
                "sections": [
                    {"text": "Intro", "heading": ""},
                    {"text": "Big", "heading": "The impact"},
                ]
            },
            True,
        ),
        ({"topics": ("Culture", "Libraries")}, True),
        ({"body_text": "Body of a.\n\n- item!"}, False),
        ({"body_text": "Body of a.\n- item"}, False),
        ({"title": "Title  a"}, False),
        ({"summary": None}, False),
        ({"summary": ""}, False),
        ({"topics": ["Libraries", "Culture"]}, False),
        ({"topics": ["Culture"]}, False),
        ({"published_date": date(2021, 12, 3)}, False),
        ({"published_date": None}, False),
        ({"sections": [{"heading": "", "text": "Intro"}]}, False),
        ({"links": ["https://example.org/x.pdf", "https://example.org/y"]}, False),
        ({"url": "https://www.local.gov.uk/case-studies/a-2"}, False),
        ({"id": "b"}, False),
    ],
)
def test_content_hash_sees_only_the_extracted_fields(change, same):
    assert (content_hash(row("a", **change)) == content_hash(row("a"))) is same


def test_content_hash_is_the_same_read_back_from_parquet_or_pandas(tmp_path):
    rows, _ = apply_history([row("a"), row("b", summary=None, published_date=None)], [], [], T1)
    pq.write_table(pa.Table.from_pylist(rows, schema=arrow_schema()), tmp_path / "c.parquet")
    for read in (
        pq.read_table(tmp_path / "c.parquet").to_pylist(),
        pd.read_parquet(tmp_path / "c.parquet").to_dict("records"),
    ):
        for written, back in zip(rows, read, strict=True):
            assert content_hash(back) == written["content_hash"] == back["content_hash"]


def test_content_hash_refuses_what_it_cannot_canonicalise():
    with pytest.raises(TypeError, match="object"):
        content_hash(row("a", body_text=object()))


# ---------------------------------------------------------------- apply_history


def test_first_snapshot_everything_first_seen_now_nothing_removed():
    rows, removed = apply_history([row("a"), row("b")], [], [], T1)
    assert [r["id"] for r in rows] == ["a", "b"]
    for r in rows:
        assert r["first_seen"] == r["last_seen"] == T1
        assert r["content_hash"] == content_hash(r)
    assert removed == []


def test_history_over_four_snapshots_first_seen_kept_removed_and_comeback():
    s1, r1 = apply_history([row("a"), row("b"), row("c")], [], [], T1)

    # b disappears; a changes; d is new
    s2, r2 = apply_history(
        [row("a", body_text="New body", crawled_at=T2), row("c"), row("d")], s1, r1, T2
    )
    got = by_id(s2)
    assert (got["a"]["first_seen"], got["a"]["last_seen"]) == (T1, T2)
    assert got["a"]["content_hash"] != by_id(s1)["a"]["content_hash"]
    assert (got["c"]["first_seen"], got["c"]["content_hash"]) == (
        T1,
        by_id(s1)["c"]["content_hash"],
    )
    assert (got["d"]["first_seen"], got["d"]["last_seen"]) == (T2, T2)
    assert [r["id"] for r in r2] == ["b"]
    assert r2[0] == {**by_id(s1)["b"], "removed_at": T2}  # its last row, as it was
    assert (r2[0]["first_seen"], r2[0]["last_seen"]) == (T1, T1)

    # b still absent: its removed row stays as it was; c disappears too
    s3, r3 = apply_history([row("a"), row("d")], s2, r2, T3)
    assert [(r["id"], r["removed_at"], r["last_seen"]) for r in r3] == [
        ("b", T2, T1),
        ("c", T3, T2),
    ]

    # b comes back: original first_seen, out of the removed table
    s4, r4 = apply_history([row("a"), row("b"), row("d")], s3, r3, T4)
    got = by_id(s4)
    assert (got["b"]["first_seen"], got["b"]["last_seen"]) == (T1, T4)
    assert (got["a"]["first_seen"], got["d"]["first_seen"]) == (T1, T2)
    assert [r["id"] for r in r4] == ["c"]


@pytest.mark.parametrize(
    ("previous_time", "expected"),
    [(T1, T1), (None, T1 + timedelta(minutes=5))],  # without it, the old row's crawled_at
)
def test_previous_snapshot_without_history_columns(previous_time, expected):
    old = [row("a"), row("b")]  # schema 1.1.0: no first_seen, last_seen, content_hash
    rows, removed = apply_history([row("a")], old, [], T2, previous_time=previous_time)
    assert rows[0]["first_seen"] == expected
    assert removed[0]["id"] == "b"
    assert (removed[0]["first_seen"], removed[0]["last_seen"]) == (expected, expected)
    assert removed[0]["content_hash"] == content_hash(row("b"))
    assert removed[0]["removed_at"] == T2


def test_apply_history_is_pure_and_keeps_row_order():
    rows = [row("z"), row("a"), row("m")]
    s1, r1 = apply_history(rows, [], [], T1)
    inputs = copy.deepcopy((rows, s1, r1))
    s2, r2 = apply_history(rows[:2], s1, r1, T2)
    assert (rows, s1, r1) == inputs
    assert [r["id"] for r in s2] == ["z", "a"]
    assert apply_history(rows[:2], s1, r1, T2) == (s2, r2)


def test_snapshot_time_is_normalised_to_utc_and_must_be_aware():
    paris = timezone(timedelta(hours=1))
    rows, _ = apply_history([row("a")], [], [], datetime(2026, 1, 1, 10, tzinfo=paris))
    assert rows[0]["last_seen"] == T1 and rows[0]["last_seen"].tzinfo == timezone.utc
    with pytest.raises(ValueError, match="timezone-aware"):
        apply_history([row("a")], [], [], datetime(2026, 1, 1))


def test_repeated_ids_are_refused():
    with pytest.raises(ValueError, match="'a' appears more than once"):
        apply_history([row("a"), row("a")], [], [], T1)


def test_history_tables_fit_the_schema(tmp_path):
    s1, r1 = apply_history([row("a"), row("b")], [], [], T1)
    s2, r2 = apply_history([row("a", title="New")], s1, r1, T2)
    tables = {
        "case_studies": s2,
        "removed": r2,
        "changes": changes_between(s1, s2),
    }
    for name, rows in tables.items():
        table = pa.Table.from_pylist(rows, schema=arrow_schema(name))
        pq.write_table(table, tmp_path / f"{name}.parquet")  # refuses nulls in not-null columns
        assert pq.read_table(tmp_path / f"{name}.parquet").to_pylist() == rows


# ---------------------------------------------------------------- changes_between


@pytest.mark.parametrize("previous", [None, []])
def test_first_snapshot_every_row_added(previous):
    assert changes_between(previous, [row("b"), row("a")]) == [
        {"case_study_id": "a", "change": "added", "fields": []},
        {"case_study_id": "b", "change": "added", "fields": []},
    ]


def test_seven_added_three_modified_two_removed():
    previous = [row(f"p{n}", listing_rank=n) for n in range(10)]
    current = [
        row("p0", title="Renamed"),
        row("p1", body_text="Rewritten", links=[]),
        row("p2", council_codes=["MAN"], council_names=["Manchester City Council"]),
        *[row(f"p{n}", listing_rank=n + 7, crawled_at=T3) for n in range(3, 8)],  # unchanged
        *[row(f"n{n}") for n in range(7)],
    ]
    changes = changes_between(previous, current)
    assert count_changes(changes) == {"added": 7, "removed": 2, "modified": 3}
    assert [(c["change"], c["case_study_id"]) for c in changes] == [
        *[("added", f"n{n}") for n in range(7)],
        ("removed", "p8"),
        ("removed", "p9"),
        ("modified", "p0"),
        ("modified", "p1"),
        ("modified", "p2"),
    ]
    fields = {c["case_study_id"]: c["fields"] for c in changes if c["change"] == "modified"}
    assert fields == {
        "p0": ["title"],
        "p1": ["body_text", "links"],
        "p2": ["council_codes", "council_names"],  # column order
    }


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"listing_rank": 3, "crawled_at": T4, "source": "http://127.0.0.1:8000"}, []),
        ({"first_seen": T1, "last_seen": T4, "content_hash": "other"}, []),
        ({"topics": ("Culture", "Libraries")}, []),
        ({"summary": None}, ["summary"]),
        ({"published_date": date(2020, 1, 1)}, ["published_date"]),
        ({"sections": []}, ["sections"]),
        ({"regions": ["London"], "nations": ["Wales"]}, ["regions", "nations"]),
        ({"url": "https://www.local.gov.uk/case-studies/a2", "title": "X"}, ["url", "title"]),
    ],
)
def test_modified_fields(change, fields):
    changes = changes_between([row("a")], [row("a", **change)])
    expected = [{"case_study_id": "a", "change": "modified", "fields": fields}] if fields else []
    assert changes == expected


def test_changes_between_only_the_columns_given():
    changes = changes_between([row("a")], [row("a", council_codes=[], title="X")], ["id", "title"])
    assert changes == [{"case_study_id": "a", "change": "modified", "fields": ["title"]}]


def test_everything_removed():
    assert changes_between([row("a")], []) == [
        {"case_study_id": "a", "change": "removed", "fields": []}
    ]
    assert count_changes([]) == {"added": 0, "removed": 0, "modified": 0}
