"""Rate limits, Crawl-delay and bad content, against the replica and hand-made sites."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pyarrow.parquet as pq
import pytest
from support import local_site, run_casecrawl

from casecrawl.fetch.middlewares.ratelimit import retry_after_seconds
from casecrawl.testbed.process import ReplicaProcess
from casecrawl.testbed.site import ReplicaSite

FAST = ("--concurrency", "16", "--delay", "0", "--log-level", "WARNING")


def crawl(base_url, out, *extra):
    return run_casecrawl("crawl", "--base-url", base_url, "--out", str(out), *FAST, *extra)


def test_retry_after_in_seconds_or_as_a_date():
    now = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
    assert retry_after_seconds("30", now) == 30
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90
    assert retry_after_seconds(format_datetime(now - timedelta(seconds=5), usegmt=True), now) == 0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None


@pytest.mark.parametrize("date_form", [False, True], ids=["seconds", "http-date"])
def test_a_host_wide_rate_limit_is_waited_out_and_the_crawl_completes(out_dir, tmp_path, date_form):
    log = tmp_path / "requests.log"
    options = {"retry_after_date": True} if date_form else {}
    with ReplicaProcess(size=60, rate_limit=25, penalty=2, request_log=str(log), **options) as site:
        result = crawl(site.base_url, out_dir, "--no-facets")
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((out_dir / "latest" / "manifest.json").read_text())
    assert manifest["items_written"] == 60
    limits = manifest["rate_limits"]
    assert limits["rate_limited"] >= 1 and limits["pauses"] >= 1
    assert limits["paused_seconds"] >= 1
    # During each penalty only the requests already in flight arrive (16 at the most).
    lines = [line.split() for line in log.read_text().splitlines()]
    runs, current = [], 0
    for _, _, _, status in lines:
        if status == "429":
            current += 1
        elif current:
            runs.append(current)
            current = 0
    assert runs and max(runs) <= 16, runs
    # The manifest says how many requests the Retry-After gate held (fetch/retry_after.py;
    # its own tests time the sends).
    assert isinstance(limits["held"], int)


def test_crawl_delay_in_robots_txt_spaces_the_requests(out_dir):
    arrivals: list[float] = []

    def site(path: str) -> tuple[int, str]:
        arrivals.append(time.monotonic())
        if path == "/robots.txt":
            return 200, "User-agent: *\nCrawl-delay: 1\n"
        if path.startswith("/case-studies/"):
            slug = path.rsplit("/", 1)[-1]
            return 200, f"<html><body><h1>Case {slug}</h1><p>Body of {slug}.</p></body></html>"
        teasers = "".join(
            f"<div><h3><a href='/case-studies/c{i}'>Case c{i}</a></h3></div>" for i in range(3)
        )
        return 200, f"<html><body><p>Your search returned 3 results</p>{teasers}</body></html>"

    with local_site(site) as base_url:
        result = crawl(base_url, out_dir, "--no-facets")
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((out_dir / "latest" / "manifest.json").read_text())
    assert manifest["rate_limits"]["crawl_delay"] == 1.0
    gaps = [b - a for a, b in zip(arrivals[1:], arrivals[2:], strict=False)]
    assert gaps and min(gaps) >= 0.9, gaps  # one request a second after robots.txt


def test_bad_content_is_read_right_or_refused_with_a_reason(out_dir):
    from casecrawl.testbed.server import HIDDEN_TEXTS

    site = ReplicaSite(60, bad_content=True)
    with ReplicaProcess(size=60, bad_content=True) as replica:
        result = crawl(replica.base_url, out_dir)
        base = replica.base_url
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {
        r["id"]: r for r in pq.read_table(out_dir / "latest" / "case_studies.parquet").to_pylist()
    }
    expected = {r["id"]: r for r in site.expected_rows(base)}
    assert set(rows) == set(expected)
    for slug, want in expected.items():
        for column, value in want.items():
            assert rows[slug][column] == value, (slug, column)
    cases = site.bad_content_cases()
    assert rows[cases["season_date"]]["published_date"] is None
    assert "20" in rows[cases["season_date"]]["published_date_raw"]  # 'Summer 2021' kept
    assert rows[cases["blank_summary"]]["summary"] is None
    assert not any(hidden in r["body_text"] for r in rows.values() for hidden in HIDDEN_TEXTS)
    manifest = json.loads((out_dir / "latest" / "manifest.json").read_text())
    (refused,) = manifest["refused"].items()
    assert refused[0].endswith(cases["huge_page"]) and "DOWNLOAD_MAXSIZE" in refused[1]


def test_a_retry_after_beyond_the_cap_stops_the_crawl_and_says_so(out_dir):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    with ReplicaProcess(size=60, rate_limit=5, penalty=30) as site:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "case_studies",
             "-s", f"CASECRAWL_BASE_URL={site.base_url}", "-s", f"CASECRAWL_OUT_DIR={out_dir}",
             "-s", "CASECRAWL_MAX_PAUSE=5", "-s", "DOWNLOAD_DELAY=0",
             "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS=16",
             "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "CASECRAWL_FACETS=0"],
            cwd=root, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert "beyond the 5 s cap" in result.stderr
    assert not (out_dir / "latest").exists()
    (failed,) = (out_dir / "failed").iterdir()
    manifest = json.loads((failed / "manifest.json").read_text())
    assert manifest["complete"] is False
    assert "beyond the 5 s cap" in manifest["stopped"]
