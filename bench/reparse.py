"""Reparse throughput: archived pages read per second on one core, and with `--jobs N`.

Crawls the replica once (a default crawl: listing, facet and case-study pages archived), then
reparses that snapshot alternately with `--jobs 1` and `--jobs N`, several rounds, each in a
child process. Pages per second is the manifest's `replayed_pages` over the wall time of the
whole command (start-up, index, listing, learning sample and writing included).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawl import run_child  # noqa: E402

from casecrawl.testbed.process import ReplicaProcess  # noqa: E402

PAGES_PER_S_TARGET = 1000.0  # on one core


def crawl(base_url: str, out_dir: str) -> Path:
    command = [sys.executable, "-m", "casecrawl", "crawl", "--base-url", base_url,
               "--out", out_dir, "--concurrency", "16", "--delay", "0", "--log-level", "WARNING"]  # fmt: skip
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return (Path(out_dir) / "latest").resolve()


def reparse(source: Path, jobs: int) -> tuple[float, int, float]:
    """(wall seconds, pages replayed, peak RSS MB of the main process) of one reparse."""
    with tempfile.TemporaryDirectory(prefix="casecrawl-reparse-") as out_dir:
        command = [sys.executable, "-m", "casecrawl", "reparse", str(source), "--out", out_dir,
                   "--jobs", str(jobs), "--log-level", "WARNING"]  # fmt: skip
        child = run_child(command)
        manifest = json.loads(next(Path(out_dir).glob("snapshots/*/manifest.json")).read_text())
    if not manifest["complete"]:
        raise RuntimeError(f"the reparse is incomplete: {manifest['missing']}")
    return child.wall_s, manifest["replayed_pages"], child.peak_rss_mb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=2568, help="case studies in the replica")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="the parallel run")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of (1 job, N jobs)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="casecrawl-bench-") as out_dir:
        with ReplicaProcess(size=args.size) as replica:
            source = crawl(replica.base_url, out_dir)
        rates: dict[int, list[float]] = {1: [], args.jobs: []}
        print(f"Reparse of {args.size} case studies; {os.cpu_count()} cores; "
              f"{args.repeat} round(s) of --jobs 1 then --jobs {args.jobs}", flush=True)  # fmt: skip
        for _ in range(args.repeat):
            for jobs in rates:
                wall, pages, rss = reparse(source, jobs)
                rates[jobs].append(pages / wall)
                print(f"  --jobs {jobs}: {pages} pages in {wall:.2f} s = {pages / wall:.0f} "
                      f"pages/s, peak RSS {rss:.0f} MB", flush=True)  # fmt: skip
    one, many = (statistics.median(rates[j]) for j in rates)
    print(f"median pages/s: --jobs 1 {one:.0f}, --jobs {args.jobs} {many:.0f} "
          f"(speed-up {many / one:.2f}x)")  # fmt: skip
    met = one >= PAGES_PER_S_TARGET
    print(f"target >= {PAGES_PER_S_TARGET:.0f} pages/s on one core: "
          f"{'met' if met else 'NOT met'} ({one:.0f})")  # fmt: skip
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
