"""Crawl throughput and peak memory of casecrawl against a minimal Scrapy spider, on one replica."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casecrawl.testbed.process import ReplicaProcess  # noqa: E402

MINIMAL_SPIDER = ROOT / "bench" / "minimal_spider.py"
RATIO_TARGET = 0.95  # casecrawl pages/s at least this times the bare spider's
PEAK_RSS_TARGET_MB = 250.0
PROFILE_LINES = 40  # of pyinstrument's text output, for docs/benchmarks.md


@dataclass
class CrawlRun:
    tool: str
    wall_s: float
    cpu_s: float  # user + system time of the crawl process
    peak_rss_mb: float
    responses: int
    listing_pages: int
    detail_pages: int

    @property
    def pages_per_s(self) -> float:
        return self.responses / self.wall_s


@dataclass
class ChildResult:
    stdout: str
    stderr: str
    wall_s: float
    cpu_s: float
    peak_rss_mb: float


def run_child(command: list[str]) -> ChildResult:
    """Run one crawl process to the end; its own rusage comes from wait4, not RUSAGE_CHILDREN."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=stdout, stderr=stderr, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall_s = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        out = stdout.read().decode("utf-8", "replace")
        err = stderr.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        tail = "\n".join(err.splitlines()[-20:])
        raise RuntimeError(f"{command[1:3]} exited with {proc.returncode}:\n{tail}")
    return ChildResult(
        stdout=out,
        stderr=err,
        wall_s=wall_s,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,  # Linux reports KiB
    )


def run_minimal_spider(base_url: str, concurrency: int) -> CrawlRun:
    child = run_child([sys.executable, str(MINIMAL_SPIDER), base_url, str(concurrency)])
    counts = json.loads(child.stdout.strip().splitlines()[-1])
    return CrawlRun(
        "bare spider",
        child.wall_s,
        child.cpu_s,
        child.peak_rss_mb,
        counts["responses"],
        counts["listing_pages"],
        counts["detail_pages"],
    )


def run_casecrawl(
    base_url: str, concurrency: int, facets: bool = False, profile: Path | None = None
) -> CrawlRun:
    """`casecrawl crawl` in a child process; `--no-facets` unless `facets` (the same pages as
    the bare spider); with `profile`, under pyinstrument, its text report written there."""
    with tempfile.TemporaryDirectory(prefix="casecrawl-bench-") as out_dir:
        runner = [sys.executable]
        if profile is not None:
            runner += ["-m", "pyinstrument", "-r", "text", "--show-all", "-o", str(profile)]
        command = [
            *runner,
            "-m",
            "casecrawl",
            "crawl",
            "--base-url",
            base_url,
            "--out",
            out_dir,
            "--concurrency",
            str(concurrency),
            "--delay",
            "0",
            "--log-level",
            "WARNING",
            *([] if facets else ["--no-facets"]),
        ]
        child = run_child(command)
        manifests = list(Path(out_dir).glob("snapshots/*/manifest.json"))
        manifests += Path(out_dir).glob("failed/*/manifest.json")
        if len(manifests) != 1:
            raise RuntimeError(f"expected one snapshot manifest, found {manifests}")
        manifest = json.loads(manifests[0].read_text())
    if not manifest["complete"]:
        print(f"warning: casecrawl's snapshot is incomplete: {manifest['missing']}")
    return CrawlRun(
        "casecrawl",
        child.wall_s,
        child.cpu_s,
        child.peak_rss_mb,
        sum(manifest["responses_by_status"].values()),
        manifest["listing_pages_fetched"],
        manifest["detail_pages_fetched"],
    )


def print_table(runs: list[CrawlRun]) -> None:
    header = (
        f"{'tool':<16}{'wall s':>8}{'pages':>7}{'listing':>9}{'detail':>8}"
        f"{'pages/s':>9}{'CPU s':>7}{'peak RSS MB':>13}"
    )
    print(header)
    print("-" * len(header))
    for run in runs:
        print(
            f"{run.tool:<16}{run.wall_s:>8.2f}{run.responses:>7}{run.listing_pages:>9}"
            f"{run.detail_pages:>8}{run.pages_per_s:>9.1f}{run.cpu_s:>7.2f}{run.peak_rss_mb:>13.1f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight")
    parser.add_argument("--size", type=int, default=2568, help="case studies in the replica")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per response")
    parser.add_argument("--variant", default="classic", help="replica markup variant")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of (bare, casecrawl)")
    parser.add_argument(
        "--facets", action="store_true", help="casecrawl walks its facets too (more pages)"
    )
    parser.add_argument(
        "--profile", type=Path, help="one more casecrawl run under pyinstrument, its report here"
    )
    args = parser.parse_args(argv)

    runs: list[CrawlRun] = []
    with ReplicaProcess(size=args.size, variant=args.variant, latency=args.latency) as replica:
        print(
            f"Replica: {args.size} case studies, {args.variant}, {args.latency * 1000:.0f} ms "
            f"per response, at {replica.base_url}; concurrency {args.concurrency}; "
            f"{args.repeat} round(s), each the bare spider then casecrawl",
            flush=True,
        )
        for _ in range(args.repeat):
            runs.append(run_minimal_spider(replica.base_url, args.concurrency))
            runs.append(run_casecrawl(replica.base_url, args.concurrency, args.facets))
        if args.profile is not None:
            run_casecrawl(replica.base_url, args.concurrency, args.facets, args.profile)
    print()
    print_table(runs)

    minimal = [r for r in runs if r.tool == "bare spider"]
    casecrawl = [r for r in runs if r.tool == "casecrawl"]
    minimal_rate = statistics.median(r.pages_per_s for r in minimal)
    casecrawl_rate = statistics.median(r.pages_per_s for r in casecrawl)
    ratio = casecrawl_rate / minimal_rate
    peak_rss_mb = max(r.peak_rss_mb for r in casecrawl)
    same_pages = {r.responses for r in runs}
    print()
    if len(same_pages) != 1:
        print(f"warning: the crawls fetched different numbers of pages: {sorted(same_pages)}")
    median = " (medians)" if args.repeat > 1 else ""
    print(
        f"casecrawl / minimal pages per second{median}: "
        f"{casecrawl_rate:.1f} / {minimal_rate:.1f} = {ratio:.2f}"
    )
    ratio_met = ratio >= RATIO_TARGET
    rss_met = peak_rss_mb < PEAK_RSS_TARGET_MB
    print(f"target ratio >= {RATIO_TARGET}: {'met' if ratio_met else 'NOT met'} ({ratio:.2f})")
    print(
        f"target casecrawl peak RSS < {PEAK_RSS_TARGET_MB:.0f} MB: "
        f"{'met' if rss_met else 'NOT met'} ({peak_rss_mb:.1f} MB)"
    )
    if args.profile is not None:
        print(f"\nprofile (pyinstrument, {args.profile}), top lines:")
        print("\n".join(args.profile.read_text().splitlines()[:PROFILE_LINES]))
    return 0 if ratio_met and rss_met else 1


if __name__ == "__main__":
    sys.exit(main())
