"""Refresh, history, changes, reparse and resume, as a scheduled job would run them.

Each test serves the replica on one fixed port, so that a site changed between two starts
(added, edited, removed case studies) is the same site to the crawler.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import free_port, run_casecrawl

from casecrawl.testbed.process import ReplicaProcess

SIZE = 120
FAST = ("--concurrency", "8", "--delay", "0", "--log-level", "WARNING")
HISTORY = {"first_seen", "last_seen", "content_hash", "crawled_at"}
# A refresh does not walk the facet and date listings: new rows take their topic IDs from
# the page, and no support types or created month (the next full crawl gives them).
TAXONOMY = {"topic_ids", "support_types", "support_type_ids", "created_month", "date_source"}


def replica(port: int, **changes) -> ReplicaProcess:
    return ReplicaProcess(size=SIZE, port=port, **changes)


def run(command: str, base_url: str, out: Path, *extra: str):
    result = run_casecrawl(command, "--base-url", base_url, "--out", str(out), *FAST, *extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return manifest(out / "latest")


def manifest(snapshot: Path) -> dict:
    return json.loads((snapshot / "manifest.json").read_text())


def rows(snapshot: Path, table: str = "case_studies") -> dict[str, dict]:
    data = pq.read_table(snapshot / f"{table}.parquet").to_pylist()
    key = "case_study_id" if table == "changes" else "id"
    return {row[key]: row for row in data}


def without(row: dict, columns: set[str]) -> dict:
    return {k: v for k, v in row.items() if k not in columns}


def test_a_refresh_with_nothing_new_costs_one_listing_page_and_changes_nothing(out_dir):
    port = free_port()
    with replica(port) as site:
        first = run("crawl", site.base_url, out_dir)
        before = rows(out_dir / "latest")
        second = run("refresh", site.base_url, out_dir)
        after = rows(out_dir / "latest")
    assert second["kind"] == "refresh"
    assert second["listing_pages_fetched"] == 1
    assert second["detail_pages_fetched"] == 0
    assert second["responses_by_status"] == {"200": 2}  # robots.txt and page 0
    assert second["changes"] == {"added": 0, "removed": 0, "modified": 0}
    assert rows(out_dir / "latest", "changes") == {}
    assert set(after) == set(before)
    for slug, row in after.items():
        assert without(row, {"last_seen"}) == without(before[slug], {"last_seen"})
        assert row["last_seen"] > before[slug]["last_seen"]
    assert first["changes"] == {"added": SIZE, "removed": 0, "modified": 0}


@pytest.mark.parametrize("validators", [True, False], ids=["validators", "no-validators"])
def test_added_edited_removed_give_exactly_those_changes(out_dir, validators):
    port = free_port()
    options = {} if validators else {"no_validators": True}
    with replica(port, **options) as site:
        run("crawl", site.base_url, out_dir)
        before = rows(out_dir / "latest")
    with replica(port, add=7, edit=3, remove=2, **options) as site:
        refreshed = run("refresh", site.base_url, out_dir, "--recheck", "all")
        snapshot = (out_dir / "latest").resolve()
        fresh = out_dir / "fresh"
        run("crawl", site.base_url, fresh)
    assert refreshed["changes"] == {"added": 7, "removed": 2, "modified": 3}
    changes = rows(snapshot, "changes")
    assert Counter(c["change"] for c in changes.values()) == {
        "added": 7,
        "modified": 3,
        "removed": 2,
    }
    assert all("body_text" in c["fields"] for c in changes.values() if c["change"] == "modified")
    # The refreshed snapshot holds what a fresh crawl of the changed site finds.
    got, want = rows(snapshot), rows(fresh / "latest")
    assert set(got) == set(want)
    for slug in want:
        assert without(got[slug], HISTORY | TAXONOMY) == without(want[slug], HISTORY | TAXONOMY)
    for slug in set(got) & set(before):  # carried and re-checked rows keep their taxonomy
        assert got[slug]["support_type_ids"] == before[slug]["support_type_ids"]
        assert got[slug]["created_month"] == before[slug]["created_month"]
    # History: known case studies keep their first_seen; the removed ones are kept aside.
    removed = rows(snapshot, "removed")
    assert set(removed) == {c for c, v in changes.items() if v["change"] == "removed"}
    for slug, row in removed.items():
        assert without(row, {"removed_at"}) == before[slug]
    for slug in set(got) & set(before):
        assert got[slug]["first_seen"] == before[slug]["first_seen"]
    statuses = refreshed["responses_by_status"]
    if validators:  # unchanged pages cost a 304
        assert statuses["304"] == SIZE - 2 - 3
        assert refreshed["detail_pages_fetched"] == 7 + 3
    else:
        assert "304" not in statuses
        assert refreshed["detail_pages_fetched"] == SIZE + 7 - 2


def test_due_recheck_skips_known_pages_and_listing_walk_stops_early(out_dir):
    port = free_port()
    with replica(port) as site:
        run("crawl", site.base_url, out_dir)
    with replica(port, add=7) as site:
        refreshed = run("refresh", site.base_url, out_dir)  # --recheck due: nothing is due yet
    assert refreshed["changes"] == {"added": 7, "removed": 0, "modified": 0}
    assert refreshed["detail_pages_fetched"] == 7
    assert refreshed["listing_pages_fetched"] <= 7 // 10 + 2
    assert refreshed["walk"] == "newest"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_reparse_rebuilds_every_column_from_the_archive_alone(out_dir, jobs):
    port = free_port()
    with replica(port) as site:
        run("crawl", site.base_url, out_dir)
    with replica(port, add=7, edit=3, remove=2) as site:
        run("refresh", site.base_url, out_dir, "--recheck", "all")
    source = (out_dir / "latest").resolve()
    # The replica is gone: a reparse must not need the network.
    result = run_casecrawl("reparse", "--out", str(out_dir), "--jobs", jobs)
    assert result.returncode == 0, result.stdout + result.stderr
    rebuilt = (out_dir / "latest").resolve()
    assert rebuilt != source
    assert manifest(rebuilt)["kind"] == "reparse"
    # With two jobs, the case-study pages read after the learning sample go to the workers.
    read = manifest(rebuilt)
    after_sample = read["detail_pages_fetched"] - read["extraction"]["sample_pages"]
    assert read["read_in_workers"] == (0 if jobs == "1" else after_sample) and after_sample > 50
    assert manifest(rebuilt)["reparse_of"] == source.name
    assert rows(rebuilt) == rows(source)
    councils = [
        pq.read_table(s / "case_study_councils.parquet").to_pylist() for s in (rebuilt, source)
    ]
    assert councils[0] == councils[1]


def test_a_killed_crawl_resumes_without_fetching_pages_again(out_dir, tmp_path):
    port = free_port()
    log = tmp_path / "requests.log"
    with replica(port) as site:
        run("crawl", site.base_url, out_dir)  # an earlier snapshot `latest` must stay on
    published = (out_dir / "latest").resolve()
    with replica(port, add=3, latency=0.02, request_log=str(log)) as site:
        command = [sys.executable, "-m", "casecrawl", "crawl", "--base-url", site.base_url,
                   "--out", str(out_dir), "--concurrency", "4", "--delay", "0",
                   "--log-level", "WARNING"]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while _detail_lines(log) < SIZE // 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert (out_dir / "latest").resolve() == published  # nothing published, latest stays
        received = _detail_lines(log)
        assert 0 < received < SIZE + 3
        resumed = run("crawl", site.base_url, out_dir)
        uninterrupted = out_dir / "uninterrupted"
        run("crawl", site.base_url, uninterrupted)
    # Request log lines: ARRIVED METHOD PATH STATUS.
    fetched = Counter(line.split()[2] for line in log.read_text().splitlines())
    details = {path: n for path, n in fetched.items() if path.startswith("/case-studies/")}
    # Pages received before the kill were not fetched again (those in flight at the kill
    # were never received); the second full crawl fetched each once more.
    twice = [path for path, n in details.items() if n > 2]
    assert len(twice) <= 4, twice
    assert resumed["replayed_pages"] >= received - 4
    got, want = rows(out_dir / "latest"), rows(uninterrupted / "latest")
    assert set(got) == set(want)
    for slug in want:
        assert without(got[slug], HISTORY) == without(want[slug], HISTORY)
    assert not (out_dir / "partial").exists()


def _detail_lines(log: Path) -> int:
    if not log.exists():
        return 0
    return sum(1 for line in log.read_text().splitlines() if " /case-studies/" in line)


def test_diff_snapshots_and_pruning(out_dir):
    port = free_port()
    with replica(port) as site:
        run("crawl", site.base_url, out_dir)
        first = (out_dir / "latest").resolve().name
    with replica(port, add=2, remove=1) as site:
        run("refresh", site.base_url, out_dir)
    diff = run_casecrawl("diff", first, "latest", "--out", str(out_dir))
    assert diff.returncode == 0, diff.stderr
    assert diff.stdout.strip().splitlines()[-1] == "2 added, 1 removed, 0 modified"
    listing = run_casecrawl("snapshots", "--out", str(out_dir))
    assert listing.returncode == 0
    assert "crawl" in listing.stdout and "refresh" in listing.stdout
    bad = run_casecrawl("diff", "nope", "latest", "--out", str(out_dir))
    assert bad.returncode == 2
    assert "nope" in bad.stderr


def test_a_case_study_published_during_a_refresh_is_not_lost(out_dir):
    port = free_port()
    with replica(port) as site:
        run("crawl", site.base_url, out_dir)
    # One case study is published as the refresh asks for its second listing page: the
    # pages shift by one under the walk.
    with replica(port, add=5, publish_after=2) as site:
        refreshed = run("refresh", site.base_url, out_dir)
    assert refreshed["changes"]["added"] == 6
    assert refreshed["items_written"] == SIZE + 6
    assert refreshed["walk"] == "full"  # the numbers stopped adding up: the whole listing


def test_every_response_is_archived_with_its_request_and_inspect_reads_it(out_dir):
    from casecrawl.fetch.warc import read_archive

    port = free_port()
    with replica(port) as site:
        run("crawl", site.base_url, out_dir)
    with replica(port, edit=2) as site:
        run("refresh", site.base_url, out_dir, "--recheck", "all")
        base = site.base_url
    archive = out_dir / "latest" / "pages.warc.gz"
    pages = list(read_archive(archive))
    statuses = Counter(p.status for p in pages)
    assert statuses[304] == SIZE - 2 and statuses[200] == 2 + 2  # robots.txt, page 0, 2 edited
    assert any(p.url.endswith("/robots.txt") for p in pages)
    assert all({k.lower() for k, _ in p.headers} >= {"etag"} for p in pages if p.status == 304)
    raw = __import__("gzip").open(archive).read()
    assert raw.count(b"WARC-Type: request") == len(pages)
    assert b"If-None-Match" in raw  # the conditional requests, as sent
    slug = next(iter(rows(out_dir / "latest")))
    result = run_casecrawl(
        "inspect", f"{base}/case-studies/{slug}", "--base-url", base, "--snapshot", "latest",
        "--out", str(out_dir),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Fields (value <- cue):" in result.stdout


def test_keep_snapshots_prunes_the_oldest_but_never_what_latest_needs(out_dir):
    port = free_port()
    env = {**os.environ, "CASECRAWL_KEEP_SNAPSHOTS": "1"}
    with replica(port) as site:
        run("crawl", site.base_url, out_dir)
        crawl_id = (out_dir / "latest").resolve().name
        for _ in range(2):
            result = subprocess.run(
                [sys.executable, "-m", "casecrawl", "refresh", "--base-url", site.base_url,
                 "--out", str(out_dir), *FAST],
                capture_output=True, text=True, env=env,
            )  # fmt: skip
            assert result.returncode == 0, result.stdout + result.stderr
    kept = sorted(p.name for p in (out_dir / "snapshots").iterdir())
    latest = (out_dir / "latest").resolve().name
    # latest carries every row forward: it needs the crawl's archive, so the crawl stays;
    # the refresh in between is pruned.
    assert kept == sorted({crawl_id, latest})
    assert "pruned" in result.stdout


def test_a_refresh_of_another_site_reads_every_page(out_dir):
    with replica(free_port()) as site:
        run("crawl", site.base_url, out_dir)
    with replica(free_port()) as other:  # the same content, another host: no row may carry
        refreshed = run("refresh", other.base_url, out_dir)
        base = other.base_url
    assert refreshed["walk"] == "full"
    assert refreshed["detail_pages_fetched"] == SIZE
    assert all(row["source"] == base for row in rows(out_dir / "latest").values())


def test_a_refresh_with_no_previous_snapshot_is_a_full_crawl(out_dir):
    with replica(free_port()) as site:
        first = run("refresh", site.base_url, out_dir)
    assert first["kind"] == "refresh" and first["walk"] == "full"
    assert first["previous_snapshot"] is None
    assert first["items_written"] == first["detail_pages_fetched"] == SIZE
    assert first["changes"] == {"added": SIZE, "removed": 0, "modified": 0}


def test_a_refresh_reuses_the_template_and_notices_when_the_markup_changed(out_dir):
    """The site changes its markup between two runs: a refresh reading the new pages with
    the old template refuses, naming the template; a full crawl learns the new one."""
    port = free_port()
    with replica(port) as site:
        first = run("crawl", site.base_url, out_dir)
        same = run("refresh", site.base_url, out_dir, "--recheck", "all")
    assert first["extraction"]["template"] == "learned from this run's sample"
    assert same["extraction"]["template"] == "the previous snapshot's"
    assert same["cross_checks"]["template"]["disagreements"] == 0
    with replica(port, variant="flat") as site:
        changed = run_casecrawl(
            "refresh", "--base-url", site.base_url, "--out", str(out_dir), *FAST,
            "--recheck", "all",
        )  # fmt: skip
        assert changed.returncode == 1, changed.stdout + changed.stderr
        assert "cross-check 'template'" in changed.stdout
        assert "casecrawl crawl" in changed.stdout  # what to do about it
        anew = run("crawl", site.base_url, out_dir)
    assert anew["extraction"]["template"] == "learned from this run's sample"
    assert anew["complete"] is True


def test_reparse_learns_the_template_again_from_the_archive(out_dir):
    port = free_port()
    with replica(port) as site:
        run("crawl", site.base_url, out_dir)
    source = (out_dir / "latest").resolve()
    result = run_casecrawl("reparse", "--out", str(out_dir), "--log-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    rebuilt = (out_dir / "latest").resolve()
    assert rebuilt != source
    assert manifest(rebuilt)["extraction"]["template"] == "learned from this run's sample"
    learned, again = (json.loads((p / "template.json").read_text()) for p in (source, rebuilt))
    assert again["fields"] == learned["fields"]
