"""The snapshot written a batch at a time: items spooled on disk, tables streamed into
Parquet and CSV, the same rows and files as writing them whole."""

from __future__ import annotations

from datetime import datetime, timezone

import pyarrow.parquet as pq
import pytest
from support import case_study_row

from casecrawl.fetch.ledger import RunLedger
from casecrawl.history.changes import apply_history, changes_between
from casecrawl.history.previous import PreviousSnapshot
from casecrawl.publish import assemble
from casecrawl.publish.assemble import CrawlRecord, assemble_snapshot
from casecrawl.publish.formats import TableStream, write_csv, write_parquet
from casecrawl.publish.spool import ItemSpool

NOW = datetime(2026, 2, 1, tzinfo=timezone.utc)


def test_the_spool_gives_back_each_item_by_id_and_in_order_then_goes():
    spool = ItemSpool()
    items = [case_study_row(f"s{n}", body_text="x" * n) for n in range(5)]
    for item in items:
        spool.add(item)
    assert len(spool) == 5 and "s3" in spool and "s9" not in spool
    assert spool.get("s3") == items[3]
    assert list(spool) == items
    path = spool.path
    spool.close()
    assert not path.exists()


def test_a_streamed_table_is_the_table_written_whole(tmp_path):
    ((row,), _) = apply_history([case_study_row("a", title="=1+2, a formula")], [], [], NOW)
    rows = [{**row, "id": f"a{n}", "listing_rank": n} for n in range(7)]
    stream = TableStream(tmp_path / "s.parquet", tmp_path / "s.csv", "case_studies")
    for start in range(0, 7, 3):  # three batches, the last one short
        stream.write(rows[start : start + 3])
    assert stream.close() == 7
    write_parquet(tmp_path / "w.parquet", "case_studies", rows)
    write_csv(tmp_path / "w.csv", "case_studies", rows)
    assert pq.read_table(tmp_path / "s.parquet").equals(pq.read_table(tmp_path / "w.parquet"))
    assert (tmp_path / "s.csv").read_bytes() == (tmp_path / "w.csv").read_bytes()


class Rows:
    """A stream that keeps what it is given (the rows as they would be written)."""

    def __init__(self):
        self.batches: list[list[dict]] = []

    def write(self, rows):
        self.batches.append(rows)


def record(previous: PreviousSnapshot, positions: dict[str, int]) -> CrawlRecord:
    return CrawlRecord(
        ledger=RunLedger(base_url="https://www.local.gov.uk"), previous=previous,
        base_url="https://www.local.gov.uk", kind="crawl", walk="full", recheck="all",
        rank_order="ASC", filter={}, positions=positions, carried=set(), fetches={},
    )  # fmt: skip


@pytest.mark.parametrize("batch", [2, 500])
def test_rows_assembled_in_batches_are_ranked_with_history_and_changes(monkeypatch, batch):
    monkeypatch.setattr(assemble, "BATCH", batch)
    earlier = [case_study_row("b"), case_study_row("gone")]
    (old_rows, _) = apply_history(earlier, [], [], datetime(2026, 1, 1, tzinfo=timezone.utc))
    previous = PreviousSnapshot(
        path=None, snapshot_id="s0", time=datetime(2026, 1, 1, tzinfo=timezone.utc),
        rows={r["id"]: r for r in old_rows},
    )  # fmt: skip
    spool = ItemSpool()
    items = [
        case_study_row("a", listing_position=0),
        case_study_row("b", listing_position=1, title="New title of b"),
        case_study_row("c", listing_position=2),
        case_study_row("d", listing_position=3),
        case_study_row("e", listing_position=4),
    ]
    for item in items:
        spool.add(item)
    rows, links = Rows(), Rows()
    found = assemble_snapshot(
        spool, {i["id"]: i["listing_position"] for i in items}, {},
        record(previous, {}), NOW, rows, links,
    )  # fmt: skip
    written = [r for b in rows.batches for r in b]
    assert all(len(b) <= batch for b in rows.batches)
    # Walked oldest first (ASC): the newest has rank 0.
    assert [(r["id"], r["listing_rank"]) for r in written] == [
        ("e", 0), ("d", 1), ("c", 2), ("b", 3), ("a", 4)
    ]  # fmt: skip
    assert found.ids == ["e", "d", "c", "b", "a"]
    b = next(r for r in written if r["id"] == "b")
    assert b["first_seen"] == datetime(2026, 1, 1, tzinfo=timezone.utc) and b["last_seen"] == NOW
    assert [r["id"] for r in found.tables["removed"]] == ["gone"]
    assert found.tables["changes"] == changes_between(old_rows, written)
    spool.close()


def link(case_study_id: str, role: str, field: str) -> dict:
    return {"case_study_id": case_study_id, "local_authority_code": "WGN", "role": role,
            "field": field}  # fmt: skip


def test_council_links_are_streamed_in_rank_order_and_tallied_by_source(monkeypatch):
    monkeypatch.setattr(assemble, "BATCH", 2)
    spool = ItemSpool()
    for n, name in enumerate("abc"):
        links = [link(name, "subject", "title")] + [link(name, "mentioned", "body")] * n
        spool.add(case_study_row(name, listing_position=n, council_links=links))
    rows, links = Rows(), Rows()
    found = assemble_snapshot(
        spool, {"a": 0, "b": 1, "c": 2}, {}, record(PreviousSnapshot(), {}), NOW, rows, links
    )
    written = [r for b in links.batches for r in b]
    assert [(r["case_study_id"], r["role"]) for r in written] == [
        ("c", "subject"), ("c", "mentioned"), ("c", "mentioned"),
        ("b", "subject"), ("b", "mentioned"), ("a", "subject"),
    ]  # fmt: skip
    assert len(links.batches) == 2  # as the rows are: a batch at a time
    assert "case_study_councils" not in found.tables
    assert found.council_sources == {
        "subject": {"title": 3, "summary": 0, "body": 0},
        "mentioned": {"title": 0, "summary": 0, "body": 3},
    }
    spool.close()
