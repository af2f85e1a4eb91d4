"""Draw docs/report.png, the README's picture of `casecrawl report`: a crawl of the replica,
its report, and the top of the page as headless Chromium shows it.

    .venv/bin/python docs/make_report_picture.py     (make report-picture)
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from casecrawl.testbed.process import ReplicaProcess

PICTURE = Path(__file__).resolve().parent / "report.png"
FAST = ("--concurrency", "8", "--delay", "0", "--log-level", "WARNING")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def casecrawl(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "casecrawl", *args], capture_output=True, text=True, check=True
    )
    return result.stdout


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "data"
        with socket.socket() as probe:  # one port: the changed site is the same site
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        for changes in ({}, {"add": 6, "edit": 9, "remove": 3}):
            with ReplicaProcess(size=600, port=port, **changes) as site:
                casecrawl("crawl", "--base-url", site.base_url, "--out", str(out), *FAST)
        report = Path(casecrawl("report", "--out", str(out)).strip())
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport={"width": 1000, "height": 1500})
            page.goto(report.as_uri())
            page.screenshot(path=PICTURE)
            browser.close()
    print(PICTURE)


if __name__ == "__main__":
    main()
