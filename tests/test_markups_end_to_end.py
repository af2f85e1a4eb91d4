"""Crawl the replica in markups nobody wrote the parsers for, as a user would (`casecrawl crawl`).

Markups of both generators (seeds fixed here, never looked at while the extraction was
written) and the markups modelled on real CMS templates must publish every field equal to the
ground truth, no cross-check disagreeing, the learned template in the snapshot; deliberately
broken markups must be refused, the failing cue named, nothing published.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import run_casecrawl

from casecrawl.parse.agreement import CUES
from casecrawl.testbed.markups.broken import KINDS as BROKEN
from casecrawl.testbed.process import ReplicaProcess
from casecrawl.testbed.site import ReplicaSite

SIZE = 24
# Markups nobody tuned the extraction against: seeds of both generators never looked at, and
# the markups modelled on real CMS templates (written by someone who had not read the parsers).
MARKUPS = (
    *(("random", seed) for seed in range(5000, 5016)),
    *(("furnished", seed) for seed in range(7000, 7016)),
    *((name, None) for name in ("localgov", "govuk", "wordpress", "olivero")),
)
FAST = ("--concurrency", "8", "--delay", "0", "--log-level", "WARNING")
COLUMNS = (
    "title", "summary", "topics", "published_date", "body_text", "sections", "links",
    "topic_ids", "support_types", "support_type_ids", "created_month", "date_source",
)  # fmt: skip


def crawl(base_url: str, out: Path, *extra: str):
    return run_casecrawl("crawl", "--base-url", base_url, "--out", str(out), *FAST, *extra)


@pytest.mark.parametrize(("variant", "seed"), MARKUPS)
def test_a_markup_nobody_tuned_against_publishes_every_field_right(variant, seed, out_dir):
    with ReplicaProcess(size=SIZE, variant=variant, markup_seed=seed) as replica:
        result = crawl(replica.base_url, out_dir)
        base, markup = replica.base_url, replica.markup_description or variant
    assert result.returncode == 0, f"markup {markup}\n{result.stdout}{result.stderr}"
    rows = {
        r["id"]: r for r in pq.read_table(out_dir / "latest" / "case_studies.parquet").to_pylist()
    }
    expected = {r["id"]: r for r in ReplicaSite(SIZE).expected_rows(base)}
    assert set(rows) == set(expected)
    wrong = [
        (slug, column, rows[slug][column], want[column])
        for slug, want in expected.items()
        for column in COLUMNS
        if rows[slug][column] != want[column]
    ]
    assert not wrong, f"markup {markup}\n{wrong[:3]}"
    manifest = json.loads((out_dir / "latest" / "manifest.json").read_text())
    assert manifest["topic_count_mismatches"] == []  # every topic's count is its listing's
    assert manifest["date_walk"]["status"] == "walked"
    assert {
        cue: c["disagreements"] for cue, c in manifest["cross_checks"].items()
    } == dict.fromkeys(CUES, 0)
    # The template it learned is in the snapshot: each field placed, with its evidence.
    template = json.loads((out_dir / "latest" / "template.json").read_text())
    assert template["sample_pages"] == SIZE  # a site this small is learned from every page
    assert template["fields"]["title"]["sample_agreement"] == 1.0
    assert manifest["extraction"]["template"] == "learned from this run's sample"
    assert manifest["extraction"]["unplaced"] == {}


@pytest.mark.parametrize(("variant", "cue"), sorted(BROKEN.items()))
def test_broken_markup_is_refused_naming_the_cue(variant, cue, out_dir):
    with ReplicaProcess(size=60, variant=variant) as replica:
        result = crawl(replica.base_url, out_dir)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "NOT PUBLISHED" in result.stdout
    assert f"cross-check '{cue}'" in result.stdout
    assert result.stdout.count("e.g. http://127.0.0.1") >= 3  # three example URLs
    assert not (out_dir / "latest").exists()
    assert not (out_dir / "snapshots").exists() or not any((out_dir / "snapshots").iterdir())
    (failed,) = (out_dir / "failed").iterdir()
    manifest = json.loads((failed / "manifest.json").read_text())
    assert manifest["complete"] is False
    assert manifest["items_written"] == 0
    assert manifest["cross_checks"][cue]["share"] > 0.02
    assert any(f"cross-check '{cue}'" in m["reason"] for m in manifest["missing"])


def test_allow_disagreement_publishes_and_records_it(out_dir):
    with ReplicaProcess(size=60, variant="broken-topics") as replica:
        result = crawl(replica.base_url, out_dir, "--allow-disagreement", "topics=100%")
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((out_dir / "latest" / "manifest.json").read_text())
    assert manifest["allowed_disagreement"] == {"topics": 1.0}
    assert manifest["cross_checks"]["topics"]["disagreements"] > 0
    assert manifest["cross_checks"]["topics"]["limit"] == 1.0


def test_a_bad_allowance_is_refused_before_crawling(out_dir):
    result = crawl("http://127.0.0.1:9", out_dir, "--allow-disagreement", "topic=5%")
    assert result.returncode == 2
    assert "unknown cue 'topic'" in result.stderr
    assert not out_dir.exists()


def test_inspect_reads_a_refused_page_with_the_snapshots_template(out_dir):
    """A refusal keeps the pages: inspect reads one from the failed snapshot's archive with
    the template that crawl learned, and says where each field came from."""
    with ReplicaProcess(size=SIZE, variant="broken-summary") as replica:
        result = crawl(replica.base_url, out_dir)
        base = replica.base_url
    assert result.returncode == 1
    (failed,) = (out_dir / "failed").iterdir()
    manifest = json.loads((failed / "manifest.json").read_text())
    url = manifest["cross_checks"]["summary"]["examples"][0]["url"]
    shown = run_casecrawl(
        "inspect", url, "--snapshot", failed.name, "--out", str(out_dir), "--base-url", base
    )
    assert shown.returncode == 0, shown.stderr
    assert "Template (learned from" in shown.stdout
    assert "summary" in shown.stdout and "on this page: " in shown.stdout
    assert (failed / "template.json").exists()


def test_a_footer_heading_never_ends_a_short_body(out_dir):
    """Furnished markup 910480 (the untuned block's one page published wrong): a body of one
    paragraph, the footer's bold 'Contact us' over the site's address after it. The heading
    went into the body; no cross-check saw it on one page of sixty."""
    with ReplicaProcess(size=60, variant="furnished", markup_seed=910480) as replica:
        result = crawl(replica.base_url, out_dir, "--no-facets")
        base = replica.base_url
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {
        r["id"]: r for r in pq.read_table(out_dir / "latest" / "case_studies.parquet").to_pylist()
    }
    slug = "community-wealth-building-darlington-borough-council"
    want = next(r for r in ReplicaSite(60).expected_rows(base) if r["id"] == slug)
    assert (rows[slug]["body_text"], rows[slug]["sections"]) == (
        want["body_text"],
        want["sections"],
    )
