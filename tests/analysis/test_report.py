"""`casecrawl report`: a self-contained report.html, opened in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from support import run_casecrawl, snapshot_manifest, snapshot_tables

from casecrawl.analysis.charts import snapshot_charts
from casecrawl.analysis.html_report import write_report
from casecrawl.councils.register import CouncilRegister, locate_register
from casecrawl.dataset import Snapshot
from casecrawl.publish.writer import SnapshotWriter

# Debian's chromium (.ci/run installs it): never a browser downloaded at run time. The flags
# keep it off the network this machine does not have.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHART_KEYS = {
    "per_year",
    "top_topics",
    "topics_over_time",
    "per_region",
    "per_nation",
    "per_council_type",
    "top_councils",
    "council_coverage",
    "changes",
}


def chromium() -> str:
    path = shutil.which("chromium")
    assert path, "headless Chromium is needed: apt-get install chromium (.ci/run does it)"
    return path


def open_in_chromium(page_path: Path) -> dict:
    """Load the page offline; what the browser saw: console messages, page errors, requests
    beyond the file itself, and each figure's image as laid out."""
    seen = {"console": [], "errors": [], "requests": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 800})
            page.on("console", lambda m: seen["console"].append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e: seen["errors"].append(str(e)))
            page.on("request", lambda r: seen["requests"].append(r.url))
            page.goto(page_path.as_uri(), wait_until="load")
            seen["figures"] = page.eval_on_selector_all(
                "figure",
                """figures => figures.map(f => {
                    const img = f.querySelector('img');
                    const box = img ? img.getBoundingClientRect() : null;
                    return {id: f.id, alt: img && img.alt, loaded: !!img && img.complete,
                            naturalWidth: img ? img.naturalWidth : 0,
                            width: box ? box.width : 0, height: box ? box.height : 0,
                            hidden: !img || getComputedStyle(img).visibility !== 'visible'
                                    || getComputedStyle(img).display === 'none'};
                })""",
            )
            seen["text"] = page.inner_text("body")
        finally:
            browser.close()
    seen["requests"] = [url for url in seen["requests"] if url != page_path.as_uri()]
    return seen


@pytest.fixture(scope="module")
def report(two_snapshots) -> Path:
    result = run_casecrawl("report", "--out", str(two_snapshots))
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path == (two_snapshots / "latest").resolve() / "report.html"
    return path


def test_the_report_renders_every_chart_offline_without_errors(report):
    seen = open_in_chromium(report)
    assert seen["console"] == []
    assert seen["errors"] == []
    assert seen["requests"] == []  # self-contained: nothing fetched, not even from data: URIs
    figures = {f["id"].removeprefix("chart-"): f for f in seen["figures"]}
    assert set(figures) == CHART_KEYS
    for key, figure in figures.items():
        assert figure["loaded"] and figure["naturalWidth"] > 0, key  # the SVG decoded
        assert figure["width"] > 300 and figure["height"] > 100, key
        assert not figure["hidden"], key
        assert figure["alt"], key


def test_the_report_holds_the_snapshots_figures(report, two_snapshots):
    latest = two_snapshots / "latest"
    manifest = json.loads((latest / "manifest.json").read_text())
    html = report.read_text()
    # Self-contained: every image inline, no stylesheet or script to fetch.
    assert all(
        src.startswith("data:image/svg+xml;base64,") for src in re.findall(r'src="([^"]*)"', html)
    )
    assert "<link" not in html and "<script" not in html
    text = open_in_chromium(report)["text"]
    assert f"casecrawl snapshot {manifest['snapshot_id']}" in text
    assert "complete: published" in text
    assert f"case studies written\t{manifest['items_written']}" in text
    assert f"Changes since {manifest['previous_snapshot']}" in text
    for kind, count in manifest["changes"].items():
        assert f"{kind}\t{count}" in text
    register = CouncilRegister.from_directory(locate_register()).to_frame()
    charts = snapshot_charts(Snapshot.load(latest), register)
    assert [c.key for c in charts] == [
        key.removeprefix("chart-") for key in re.findall(r'<figure id="(chart-[a-z_]+)"', html)
    ]


def test_a_missing_snapshot_is_named(tmp_path):
    result = run_casecrawl("report", "nope", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "'nope' not found" in result.stderr


def test_a_failed_snapshot_reports_what_is_missing(tmp_path):
    reason = "cue 'title' failed on 2 page(s)"
    manifest = snapshot_manifest(
        complete=False,
        reported_total=5,
        items_written=2,
        gone=["https://www.local.gov.uk/case-studies/x"],
        missing=[{"reason": reason, "urls": []}],
        previous_snapshot="s0",
    )
    folder = SnapshotWriter(tmp_path).write(snapshot_tables(), manifest, [], publish=False)
    text = open_in_chromium(write_report(folder))["text"]
    assert "incomplete: not published" in text
    assert reason in text
    assert "pages gone (404/410)\t1" in text
    assert "Changes since s0" in text
    assert "modified\t1" in text and "removed\t1" in text and "added\t1" in text
    assert "The council register was not available" in text  # no register given
