"""The dataset card (each snapshot's README.md): what a reader relies on is in it, a failed
snapshot says so, its Python code runs, and docs/dataset-card.md is what the code makes."""

from __future__ import annotations

from pathlib import Path

from support import markdown_code_blocks, run_card_snippets, snapshot_manifest
from support import snapshot_tables as tables

from casecrawl.councils.register import REGISTER_CREDIT
from casecrawl.dataset.schema import TABLES
from casecrawl.publish.card import dataset_card_markdown, dataset_card_template
from casecrawl.publish.writer import SnapshotWriter

DOCS = Path(__file__).resolve().parents[2] / "docs"
ROWS = {"case_studies.parquet": 2568, "case_study_councils.parquet": 2711, "topics.parquet": 31}


def crawl_manifest(**overrides) -> dict:
    """A live crawl's manifest as the snapshot pipeline builds it (the fields the card reads)."""
    base = {
        **snapshot_manifest("2026-11-22T090501Z"),
        "kind": "crawl",
        "started_at": "2026-11-22T09:05:01.250000+00:00",
        "finished_at": "2026-11-22T09:52:40+00:00",
        "previous_snapshot": "2026-11-15T090500Z",
        "reported_total": 2570,
        "reported_totals_seen": [2568, 2570],
        "expected_items": 2568,
        "items_collected": 2568,
        "items_written": 2568,
        "listing_pages_fetched": 257,
        "detail_pages_fetched": 2570,
        "gone": ["https://www.local.gov.uk/case-studies/withdrawn-one"],
        "refused": {"https://www.local.gov.uk/case-studies/huge": "larger than 10485760 bytes"},
        "missing": [],
        "rejects": 0,
        "politeness": {
            "user_agent": "casecrawl/0.1.0 (+https://github.com/casecrawl/casecrawl)",
            "robots_txt_obeyed": True,
            "concurrent_requests_per_domain": 2,
            "download_delay": 1.0,
            "autothrottle": True,
        },
        "facets_walked": True,
        "council_register": REGISTER_CREDIT,
        "casecrawl_version": "0.1.0",
        "schema_version": "1.4.0",
    }
    return {**base, **overrides}


def test_published_card_gives_source_attribution_times_counts_and_completeness():
    card = dataset_card_markdown(crawl_manifest(), ROWS, published=True)
    assert card.startswith("# LGA case studies: snapshot 2026-11-22T090501Z\n")
    assert "NOT PUBLISHED" not in card
    assert "https://www.local.gov.uk/case-studies" in card
    assert "The case studies are the LGA's content" in card
    assert REGISTER_CREDIT in card and "https://creativecommons.org/licenses/by/4.0/" in card
    assert "not crawled from local.gov.uk" not in card
    assert "| Started | 2026-11-22 09:05:01 UTC |" in card
    assert "| Finished | 2026-11-22 09:52:40 UTC |" in card
    assert "`2026-11-15T090500Z`" in card  # the previous snapshot
    assert "robots.txt obeyed; at most 2 requests at a time, 1.0 s apart" in card
    assert "| `case_studies` | 2,568 |" in card
    assert "| `case_study_councils` | 2,711 |" in card
    assert "| `topics` | 31 |" in card
    assert "| `removed` |" not in card  # not written: not listed
    assert "The site reported 2,570 case studies (the total changed during the crawl" in card
    assert "Gone (answered 404 or 410, withdrawn): 1 (e.g. https://www.local.gov.uk/" in card
    assert "Refused (pages too large to read): 1 (e.g. https://www.local.gov.uk/" in card
    assert "Missing: none." in card
    for section in ("Licence", "When and how it was crawled", "Known limits", "Loading"):
        assert f"\n## {section}\n" in card


def test_card_claims_no_licence_for_the_lga_content():
    card = dataset_card_markdown(crawl_manifest(), ROWS, published=True)
    licence = card.split("## Licence")[1].split("\n## ")[0]
    assert "Not known: any licence under which they may be reused" in licence
    assert "CC BY 4.0 (mySociety)" in licence


def test_failed_card_says_first_that_it_is_incomplete_and_why():
    missing = [
        {"reason": "detail page failed: timeout", "urls": ["https://www.local.gov.uk/x"]},
        {"reason": "3 case studies reported but not found on any listing page"},
    ]
    card = dataset_card_markdown(
        crawl_manifest(complete=False, items_written=0, missing=missing), ROWS, published=False
    )
    first_paragraph = card.split("\n\n")[1]
    assert first_paragraph.startswith("> **INCOMPLETE: NOT PUBLISHED.**")
    assert "do not use its tables" in first_paragraph
    assert "Complete: **no**: not published, kept in `failed/`." in card
    assert "Missing (2 reasons):" in card
    assert "  - detail page failed: timeout (e.g. https://www.local.gov.uk/x)" in card
    assert "  - 3 case studies reported but not found on any listing page" in card


def test_card_of_a_replica_crawl_says_it_is_not_the_lga_site():
    card = dataset_card_markdown(
        crawl_manifest(base_url="http://127.0.0.1:8000"), ROWS, published=True
    )
    assert (
        "**This snapshot was not crawled from local.gov.uk** but from <http://127.0.0.1:8000>"
        in card
    )
    assert "not the LGA's pages" in card


def test_card_of_a_refresh_without_facets_explains_its_topic_ids():
    card = dataset_card_markdown(
        crawl_manifest(kind="refresh", facets_walked=False), ROWS, published=True
    )
    assert "a refresh: the listing walked newest first" in card
    assert "This run did not walk the filtered listings" in card
    reparse = dataset_card_markdown(
        crawl_manifest(kind="reparse", reparse_of="2026-11-15T090500Z"), ROWS, published=True
    )
    assert "archived pages of snapshot 2026-11-15T090500Z" in reparse


def test_card_has_loading_code_for_pandas_polars_duckdb_and_r():
    card = dataset_card_markdown(crawl_manifest(), ROWS, published=True)
    python = markdown_code_blocks(card, "python")
    assert [block.split("\n")[0] for block in python] == [
        "import pandas as pd",
        "import polars as pl",
        "import duckdb",
    ]
    (r,) = markdown_code_blocks(card, "r")
    assert r.startswith("library(arrow)\n")
    assert 'read_parquet("case_studies.parquet")' in r


def test_card_python_code_runs_on_a_written_snapshot(tmp_path):
    written = tables()
    snapshot = SnapshotWriter(tmp_path).write(written, snapshot_manifest(), [], publish=True)
    pandas_run, polars_run, duckdb_run = run_card_snippets(snapshot)
    rows = len(written["case_studies"])
    assert len(pandas_run["case_studies"]) == len(polars_run["case_studies"]) == rows
    assert duckdb_run["case_study_count"] == rows
    assert pandas_run["about"]["case_study_id"].tolist() == ["a"]  # the subject link only
    assert polars_run["per_topic"]["topics"].to_list()[0] == "Culture"  # carried by both
    assert duckdb_run["per_region"] == [("North West", 1)]


def test_every_snapshot_has_its_card_and_a_failed_one_is_marked(tmp_path):
    writer = SnapshotWriter(tmp_path)
    published = writer.write(tables(), snapshot_manifest("s1"), [], publish=True)
    failed = writer.write(tables(), snapshot_manifest("s2"), [], publish=False)
    assert "NOT PUBLISHED" not in (published / "README.md").read_text()
    assert "INCOMPLETE: NOT PUBLISHED" in (failed / "README.md").read_text()
    for table in TABLES:
        assert f"| `{table}` | {len(tables()[table])} |" in (published / "README.md").read_text()


def test_docs_dataset_card_is_generated_by_the_code():
    assert (DOCS / "dataset-card.md").read_text() == dataset_card_template()
