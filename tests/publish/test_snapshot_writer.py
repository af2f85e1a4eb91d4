"""SnapshotWriter: typed Parquet, RFC 4180 CSV, manifest with checksums, atomic `latest`."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import datetime, timezone

import pandas as pd
import pyarrow.parquet as pq
from support import case_study_row

from casecrawl.dataset.schema import COLUMN_NAMES, arrow_schema, data_dictionary_markdown
from casecrawl.history.changes import apply_history
from casecrawl.publish.writer import SnapshotWriter, snapshot_id_for

ROW = case_study_row(
    "a",
    title='Quotes "and", commas',
    summary=None,
    body_text="Line one.\n\n- item",
    sections=[{"heading": "The impact", "text": "Big"}],
    crawled_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
)
# The history columns, as a first snapshot gives them.
((ROW,), _) = apply_history([ROW], [], [], datetime(2026, 1, 1, tzinfo=timezone.utc))


def manifest(snapshot_id: str) -> dict:
    return {"snapshot_id": snapshot_id, "complete": True}


def test_published_snapshot_files_types_and_checksums(tmp_path):
    path = SnapshotWriter(tmp_path).write({"case_studies": [ROW]}, manifest("s1"), [], publish=True)
    assert path == tmp_path / "snapshots" / "s1"
    assert (tmp_path / "latest").resolve() == path.resolve()

    table = pq.read_table(tmp_path / "latest" / "case_studies.parquet")
    assert table.schema.equals(arrow_schema(), check_metadata=False)
    assert table.schema.field("published_date").type == "date32[day]"
    assert str(table.schema.field("crawled_at").type) == "timestamp[us, tz=UTC]"
    frame = pd.read_parquet(tmp_path / "latest" / "case_studies.parquet")
    assert frame.loc[0, "sections"][0]["heading"] == "The impact"

    with (path / "case_studies.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(COLUMN_NAMES)
    assert rows[1][COLUMN_NAMES.index("title")] == 'Quotes "and", commas'
    assert rows[1][COLUMN_NAMES.index("topics")] == "Culture; Libraries"
    assert (path / "case_studies.csv").read_bytes().count(b"\r\n") >= 2

    written = json.loads((path / "manifest.json").read_text())
    assert set(written["files"]) == {p.name for p in path.iterdir()} - {"manifest.json"}
    for name, entry in written["files"].items():
        assert entry["sha256"] == hashlib.sha256((path / name).read_bytes()).hexdigest()
        # The card and the data package are not tables.
        assert entry["rows"] == (None if name in ("README.md", "datapackage.json") else 1)


def test_incomplete_snapshot_is_kept_aside_and_latest_stays(tmp_path):
    writer = SnapshotWriter(tmp_path)
    first = writer.write({"case_studies": [ROW]}, manifest("s1"), [], publish=True)
    reject = {"id": "b", "url": "u", "reason": "title is missing", "item": {"id": "b"}}
    failed = writer.write({"case_studies": [ROW]}, manifest("s2"), [reject], publish=False)
    assert failed == tmp_path / "failed" / "s2"
    assert (tmp_path / "latest").resolve() == first.resolve()
    lines = (failed / "rejects.jsonl").read_text().splitlines()
    assert json.loads(lines[0])["reason"] == "title is missing"
    assert not list(tmp_path.glob("**/.tmp-*"))


def test_snapshot_ids_sort_by_time_and_never_collide(tmp_path):
    when = datetime(2026, 11, 22, 9, 5, 1, tzinfo=timezone.utc)
    assert snapshot_id_for(when, tmp_path) == "2026-11-22T090501Z"
    (tmp_path / "snapshots" / "2026-11-22T090501Z").mkdir(parents=True)
    assert snapshot_id_for(when, tmp_path) == "2026-11-22T090501Z-1"


def test_data_dictionary_in_docs_is_generated_from_the_schema():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md").read_text()
    assert data_dictionary_markdown() in doc


def test_dataset_loader_reads_latest_and_names_a_missing_snapshot(tmp_path):
    import pytest

    from casecrawl.dataset import load_case_studies, load_manifest

    with pytest.raises(FileNotFoundError, match=str(tmp_path)):
        load_case_studies(tmp_path)
    SnapshotWriter(tmp_path).write({"case_studies": [ROW]}, manifest("s1"), [], publish=True)
    frame = load_case_studies(tmp_path)
    assert frame["id"].tolist() == ["a"]
    assert load_manifest(tmp_path, "s1")["snapshot_id"] == "s1"
