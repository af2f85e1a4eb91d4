"""Crawled snapshots describe themselves: `frictionless validate` passes on their
datapackage.json, polars and DuckDB load every table with the manifest's row counts, and the
Python code of their README.md runs. A first crawl (with withdrawn pages), then a refresh of
the changed site (added, edited, removed case studies: rows in removed and changes)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import frictionless
import polars as pl
from support import free_port, run_card_snippets, run_casecrawl

from casecrawl.dataset.schema import TABLES
from casecrawl.testbed.process import ReplicaProcess

SIZE = 60
FAST = ("--concurrency", "8", "--delay", "0", "--log-level", "WARNING")


def run(command: str, base_url: str, out: Path, *extra: str) -> Path:
    result = run_casecrawl(command, "--base-url", base_url, "--out", str(out), *FAST, *extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return (out / "latest").resolve()


def test_crawled_snapshots_validate_load_and_run_their_card(out_dir):
    port = free_port()
    with ReplicaProcess(SIZE, port=port, gone_every=25) as site:
        first = run("crawl", site.base_url, out_dir)
    with ReplicaProcess(SIZE, port=port, gone_every=25, add=3, edit=2, remove=2) as site:
        second = run("refresh", site.base_url, out_dir, "--recheck", "all")
    assert first != second

    for snapshot in (first, second):
        manifest = json.loads((snapshot / "manifest.json").read_text())
        report = frictionless.validate(str(snapshot / "datapackage.json"))
        assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "note"])
        package = json.loads((snapshot / "datapackage.json").read_text())
        listed = {r["path"] for r in package["resources"]}
        assert listed == {p.name for p in snapshot.iterdir()} - {"datapackage.json"}

        card = (snapshot / "README.md").read_text()
        assert "INCOMPLETE" not in card
        for table in TABLES:
            rows = manifest["files"][f"{table}.parquet"]["rows"]
            assert manifest["files"][f"{table}.csv"]["rows"] == rows
            assert f"| `{table}` | {rows:,} |" in card
            parquet, csv = snapshot / f"{table}.parquet", snapshot / f"{table}.csv"
            assert pl.read_parquet(parquet).height == rows, table
            assert pl.read_csv(csv, infer_schema=False).height == rows, table
            assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{parquet}')").fetchall() == [
                (rows,)
            ]
            assert duckdb.sql(
                f"SELECT count(*) FROM read_csv('{csv}', header = true, all_varchar = true)"
            ).fetchall() == [(rows,)]

        pandas_run, polars_run, duckdb_run = run_card_snippets(snapshot)
        written = manifest["files"]["case_studies.parquet"]["rows"]
        assert len(pandas_run["case_studies"]) == polars_run["case_studies"].height == written
        assert duckdb_run["case_study_count"] == written
        subjects = pl.read_parquet(snapshot / "case_study_councils.parquet").filter(
            pl.col("role") == "subject"
        )
        assert len(pandas_run["about"]) == subjects.height > 0
        per_region = subjects.group_by("region").agg(pl.col("case_study_id").n_unique())
        assert dict(duckdb_run["per_region"]) == dict(per_region.iter_rows())

    first_manifest = json.loads((first / "manifest.json").read_text())
    assert len(first_manifest["gone"]) == 2
    assert "Gone (answered 404 or 410, withdrawn): 2" in (first / "README.md").read_text()
    refreshed = json.loads((second / "manifest.json").read_text())
    assert refreshed["files"]["removed.parquet"]["rows"] == 2
    assert refreshed["changes"] == {"added": 3, "removed": 2, "modified": 2}
    assert "a refresh: the listing walked newest first" in (second / "README.md").read_text()
