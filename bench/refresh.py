"""What a refresh costs against a full crawl, and how fast a reparse reads the archive.

One replica of 2,568 case studies on a fixed port (restarted with changes when a scenario
needs them), then, in one output folder, each a `casecrawl` command in its own process:

1. full crawl;
2. refresh with nothing changed;
3. refresh after 7 case studies were added;
4. refresh `--recheck all` after 3 edits, with validators (304s) and without;
5. reparse of the last snapshot, pinned to one core.

For each: requests sent, bytes received (Scrapy's downloader stats, in the manifest), listing
and detail pages, 304s, wall time. Targets (issue 7): a no-change refresh sends at most 2% of
a full crawl's requests and bytes; after k additions, at most k detail requests and k/10 + 2
listing pages (re-checks reported apart); reparse at least 300 pages/s on one core.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casecrawl.testbed.process import ReplicaProcess  # noqa: E402

FAST = ["--concurrency", "8", "--delay", "0", "--log-level", "ERROR"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def casecrawl(*args: str, one_core: bool = False) -> tuple[dict, float]:
    """Run a command; (manifest of the snapshot it wrote, wall seconds)."""
    command = [sys.executable, "-m", "casecrawl", *args]
    if one_core and shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    out = Path(args[args.index("--out") + 1])
    return json.loads((out / "latest" / "manifest.json").read_text()), wall


def row(name: str, manifest: dict, wall: float) -> dict:
    statuses = manifest["responses_by_status"]
    return {
        "run": name,
        "requests": manifest["requests_sent"],
        "bytes": manifest["bytes_received"],
        "listing": manifest["listing_pages_fetched"],
        "detail": manifest["detail_pages_fetched"],
        "304": statuses.get("304", 0),
        "replayed": manifest["replayed_pages"],
        "wall_s": wall,
        "changes": manifest["changes"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=2568)
    args = parser.parse_args()
    port = free_port()
    out = Path(tempfile.mkdtemp(prefix="casecrawl-refresh-"))
    rows = []
    try:
        with ReplicaProcess(size=args.size, port=port) as site:
            base = ["--base-url", site.base_url, "--out", str(out), *FAST]
            rows.append(row("full crawl", *casecrawl("crawl", *base)))
            rows.append(row("refresh, no change", *casecrawl("refresh", *base)))
        with ReplicaProcess(size=args.size, port=port, add=7) as site:
            base = ["--base-url", site.base_url, "--out", str(out), *FAST]
            rows.append(row("refresh, 7 added", *casecrawl("refresh", *base)))
        with ReplicaProcess(size=args.size, port=port, add=7, edit=3) as site:
            base = ["--base-url", site.base_url, "--out", str(out), *FAST]
            rows.append(
                row("refresh --recheck all", *casecrawl("refresh", *base, "--recheck", "all"))
            )
        with ReplicaProcess(size=args.size, port=port, add=7, edit=3, no_validators=True) as site:
            base = ["--base-url", site.base_url, "--out", str(out), *FAST]
            name = "refresh --recheck all, no validators"
            rows.append(row(name, *casecrawl("refresh", *base, "--recheck", "all")))
        reparse, wall = casecrawl(
            "reparse", "--out", str(out), "--log-level", "ERROR", one_core=True
        )  # fmt: skip
        rows.append(row("reparse (one core)", reparse, wall))
    finally:
        shutil.rmtree(out, ignore_errors=True)

    print(f"{'run':<38}{'requests':>9}{'bytes':>12}{'listing':>8}{'detail':>7}{'304':>6}"
          f"{'replayed':>9}{'wall s':>8}  changes")  # fmt: skip
    for r in rows:
        print(
            f"{r['run']:<38}{r['requests']:>9}{r['bytes']:>12,}{r['listing']:>8}{r['detail']:>7}"
            f"{r['304']:>6}{r['replayed']:>9}{r['wall_s']:>8.1f}  {r['changes']}"
        )
    full, still, added, reparse_row = rows[0], rows[1], rows[2], rows[-1]
    share_requests = still["requests"] / full["requests"]
    share_bytes = still["bytes"] / full["bytes"]
    k = added["changes"]["added"]
    pages_per_s = reparse_row["replayed"] / reparse_row["wall_s"]
    checks = [
        (f"no-change refresh requests {share_requests:.2%} of a full crawl (<= 2%)",
         share_requests <= 0.02),
        (f"no-change refresh bytes {share_bytes:.2%} of a full crawl (<= 2%)", share_bytes <= 0.02),
        (f"after {k} additions: {added['detail']} detail requests (<= {k})", added["detail"] <= k),
        (f"after {k} additions: {added['listing']} listing pages (<= {k // 10 + 2})",
         added["listing"] <= k // 10 + 2),
        (f"reparse {pages_per_s:.0f} pages/s on one core, start-up included (>= 300)",
         pages_per_s >= 300),
    ]  # fmt: skip
    for text, met in checks:
        print(f"{'met   ' if met else 'MISSED'} {text}")
    return 0 if all(met for _, met in checks) else 1


if __name__ == "__main__":
    os.environ.setdefault("CASECRAWL_REGISTER_DIR", str(ROOT.parent / "shared" / "reference"))
    raise SystemExit(main())
