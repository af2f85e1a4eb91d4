"""What a person sees: progress, warnings and the summary on the console; Scrapy's log in the
snapshot folder's crawl.log (and on the console with --verbose)."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from itertools import pairwise
from pathlib import Path

from support import run_casecrawl

from casecrawl.testbed.process import ReplicaProcess

# Two requests at a time to a replica answering in 50 ms: a crawl of 60 case studies lasts a few
# seconds, long enough for progress to show while it runs.
SLOW = ("--concurrency", "2", "--delay", "0")
SCRAPY_INFO = re.compile(r"Scrapy \S+ started|Dumping Scrapy stats|\] INFO: ")
PLAIN_LINE = re.compile(
    r"progress: listing (\d+)/(\d+)\+?, (?:filtered (\d+)/(\d+)\+?, )?detail (\d+)/(\d+)\+?, "
    r"(?:[\d.]+ pages/(?:s|min), )?ETA (\S+)"
)


def test_a_crawl_off_a_terminal_prints_progress_lines_and_the_summary_and_logs_to_a_file(
    out_dir,
):
    with ReplicaProcess(size=60, latency=0.05) as replica:
        result = run_casecrawl(
            "crawl", "--base-url", replica.base_url, "--out", str(out_dir), *SLOW,
            env={"CASECRAWL_PROGRESS_INTERVAL": "1"},
        )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [PLAIN_LINE.search(line) for line in result.stderr.splitlines()]
    progress = [[int(n) if n else 0 for n in m.groups()[:6]] for m in lines if m]
    assert len(progress) >= 3, result.stderr  # one a second, and one at the end
    *during, last = progress
    assert any(line[4] < line[5] for line in during), result.stderr  # some while under way
    assert last[0] == last[1] == 6 and last[4] == last[5] == 60  # 10 to a listing page
    assert last[2] == last[3] > 0  # the topics' and dates' listings, all done
    for earlier, later in pairwise(progress):  # done never goes back
        assert all(a <= b for a, b in zip(earlier[::2], later[::2], strict=True))
    assert not SCRAPY_INFO.search(result.stdout + result.stderr)

    latest = out_dir / "latest"
    crawled = latest.resolve()
    assert "case studies written  : 60" in result.stdout
    assert f"log                   : {crawled / 'crawl.log'}" in result.stdout
    log = (latest / "crawl.log").read_text()
    assert re.search(r"Scrapy \S+ started", log)
    # Lines written after the manifest (the stats, the spider closing) are in it too.
    assert "Dumping Scrapy stats" in log and "Spider closed (finished)" in log
    manifest = json.loads((latest / "manifest.json").read_text())
    assert manifest["log_file"] == "crawl.log"
    assert "crawl.log" not in manifest["files"]  # it grows after the checksums are taken
    assert not (out_dir / "logs").exists()

    # A reparse is as quiet, and keeps its own log.
    reparse = run_casecrawl("reparse", "--out", str(out_dir))
    assert reparse.returncode == 0, reparse.stdout + reparse.stderr
    assert not SCRAPY_INFO.search(reparse.stdout + reparse.stderr)
    assert latest.resolve() != crawled
    assert "Snapshot" in (latest / "crawl.log").read_text()


def test_verbose_puts_scrapys_log_on_the_console_too(out_dir):
    result = run_casecrawl("demo", "--size", "20", "--out", str(out_dir), "--verbose")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"Scrapy \S+ started", result.stderr)
    assert "Dumping Scrapy stats" in result.stderr
    assert "Dumping Scrapy stats" in (out_dir / "latest" / "crawl.log").read_text()
    assert "Published:" in result.stdout


def test_a_crawl_that_stops_before_its_snapshot_says_where_its_log_is(out_dir):
    result = run_casecrawl("crawl", "--base-url", "ftp://example.org", "--out", str(out_dir))
    assert result.returncode == 1
    match = re.search(r"stopped before writing a snapshot; its log: (\S+)", result.stderr)
    assert match, result.stderr
    log = Path(match.group(1))
    assert log.parent == (out_dir / "logs").resolve()
    assert "base URL must be http(s)://host" in log.read_text()
    assert "Unhandled error" not in result.stderr


def test_a_progress_interval_that_is_not_a_number_of_seconds_is_refused(out_dir):
    result = run_casecrawl(
        "crawl", "--out", str(out_dir), env={"CASECRAWL_PROGRESS_INTERVAL": "soon"}
    )
    assert result.returncode == 2
    assert "CASECRAWL_PROGRESS_INTERVAL='soon'" in result.stderr
    assert not out_dir.exists()  # refused before anything started


def run_on_a_terminal(command: list[str], columns: int, timeout: float = 300) -> str:
    """Run a command with a pseudo-terminal as its stdin, stdout and stderr; what it showed."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    process = subprocess.Popen(command, stdin=terminal, stdout=terminal, stderr=terminal)
    os.close(terminal)
    shown, deadline = bytearray(), time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 1)
            if not ready:
                continue
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed: the command is over
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
        if process.poll() is None:  # still running at the deadline
            process.kill()
        process.wait(timeout=30)
    return shown.decode("utf-8", "replace")


def test_on_a_terminal_the_progress_is_one_line_redrawn_with_an_eta(out_dir):
    with ReplicaProcess(size=60, latency=0.05) as replica:
        shown = run_on_a_terminal(
            [sys.executable, "-m", "casecrawl", "crawl", "--base-url", replica.base_url,
             "--out", str(out_dir), *SLOW],
            columns=160,
        )  # fmt: skip
    assert "Published:" in shown, shown
    # Each state is drawn over the last one (a carriage return, no new line) until the end.
    states = [s for s in re.split(r"\r(?!\n)", shown.split("Published:")[0]) if "listing" in s]
    live = [re.search(r"detail (\d+)/(\d+)\+?, .*ETA (\d+[smh]\S*|unknown)", s) for s in states]
    assert len([m for m in live if m]) >= 2, shown
    assert any(m and int(m[1]) < int(m[2]) and m[3] != "unknown" for m in live), shown
    assert "detail 60/60" in states[-1]
    assert "progress:" not in shown  # no plain lines on a terminal
    assert not SCRAPY_INFO.search(shown)
