"""Every fault and bad input tried against the crawl, and what came of it: docs/reliability.md.

Each scenario serves the replica (or a hand-made site) on 127.0.0.1 with one fault, runs
`casecrawl crawl` in its own process as a user would, and reads the snapshot's manifest:
rows the site holds, rows written, duplicates, retries, rate-limit pauses, and whether the
snapshot was published. `--write` puts the table in docs/reliability.md.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casecrawl.testbed.process import ReplicaProcess  # noqa: E402
from casecrawl.testbed.site import ReplicaSite  # noqa: E402

FAST = ["--concurrency", "8", "--delay", "0", "--log-level", "ERROR"]


def crawl(base_url: str, out: Path, *extra: str) -> dict:
    command = [sys.executable, "-m", "casecrawl", "crawl", "--base-url", base_url,
               "--out", str(out), *FAST, *extra]  # fmt: skip
    subprocess.run(command, capture_output=True, text=True)
    manifests = sorted(out.glob("*/*/manifest.json"), key=lambda p: p.stat().st_mtime)
    return json.loads(manifests[-1].read_text())


def row(fault: str, size: str, expected: int, manifest: dict, note: str = "") -> dict:
    limits = manifest.get("rate_limits") or {}
    return {
        "fault": fault,
        "rate or size": size,
        "rows expected": expected,
        "rows written": manifest["items_written"],
        "duplicates": len(manifest.get("duplicates", [])),
        "retries": manifest.get("retries", 0),
        "pauses": f"{limits.get('pauses', 0)} ({limits.get('paused_seconds', 0):.0f} s)",
        "result": ("published" if manifest["complete"] else "NOT published") + note,
    }


def scenarios(out: Path) -> list[dict]:
    rows = []

    def run(name, size_text, size, options, extra=(), note="", expected=None):
        folder = out / name.replace(" ", "-")
        with ReplicaProcess(size=size, **options) as site:
            manifest = crawl(site.base_url, folder, *extra)
        site_model = ReplicaSite(
            size, **{k: v for k, v in options.items() if k in ("gone_every", "bad_content")}
        )
        want = expected if expected is not None else len(site_model.expected_rows("http://x"))
        rows.append(row(name, size_text, want, manifest, note))
        return manifest

    run("none (baseline)", "300 case studies", 300, {})
    run("withdrawn pages (410)", "1 in 25", 300, {"gone_every": 25})
    run(
        "published during the crawl",
        "1 after 3 listing pages",
        300,
        {"publish_after": 3},
        expected=301,
    )
    run(
        "host-wide rate limit, Retry-After in seconds",
        "> 25 req/s: 429 for 2 s",
        120,
        {"rate_limit": 25, "penalty": 2},
        ("--concurrency", "16", "--no-facets"),
    )
    run(
        "host-wide rate limit, Retry-After as an HTTP date",
        "> 25 req/s: 429 for 2 s",
        120,
        {"rate_limit": 25, "penalty": 2, "retry_after_date": True},
        ("--concurrency", "16", "--no-facets"),
    )
    manifest = run(
        "bad content", "8 kinds, 1 page each (incl. a 20 MB page)", 60, {"bad_content": True}
    )
    rows[-1]["result"] += f"; refused: {len(manifest.get('refused', {}))} (size cap)"
    run("robots.txt Crawl-delay", "n/a (replica has none)", 30, {}, ("--no-facets",))
    rows.pop()  # the replica serves no Crawl-delay: tests/test_hostile_web.py covers it
    rows.append(killed_and_resumed(out / "killed"))
    return rows


def killed_and_resumed(out: Path) -> dict:
    log = out / "requests.log"
    out.mkdir(parents=True)
    with ReplicaProcess(size=300, latency=0.02, request_log=str(log)) as site:
        command = [sys.executable, "-m", "casecrawl", "crawl", "--base-url", site.base_url,
                   "--out", str(out), "--concurrency", "4", "--delay", "0", "--no-facets"]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while not log.exists() or log.read_text().count("/case-studies/") < 150:
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        manifest = crawl(site.base_url, out, "--no-facets")
    fetched: dict[str, int] = {}
    for line in log.read_text().splitlines():
        path = line.split()[2]
        if path.startswith("/case-studies/"):
            fetched[path] = fetched.get(path, 0) + 1
    twice = sum(1 for n in fetched.values() if n > 1)
    result = row(
        "SIGKILL half-way, then the same command again",
        "kill at 150 pages",
        300,
        manifest,
        f"; {manifest['replayed_pages']} pages replayed, {twice} fetched twice",
    )
    return result


def markdown(rows: list[dict]) -> str:
    columns = list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns) + " |"]
    lines += ["| " + " | ".join(str(r[c]) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="write docs/reliability.md")
    args = parser.parse_args()
    os.environ.setdefault("CASECRAWL_REGISTER_DIR", str(ROOT.parent / "shared" / "reference"))
    with tempfile.TemporaryDirectory(prefix="casecrawl-faults-") as tmp:
        table = markdown(scenarios(Path(tmp)))
    print(table)
    if args.write:
        page = (ROOT / "docs" / "reliability.md").read_text()
        start, end = "<!-- faults table -->", "<!-- end of faults table -->"
        before, _, rest = page.partition(start)
        _, _, after = rest.partition(end)
        (ROOT / "docs" / "reliability.md").write_text(f"{before}{start}\n{table}\n{end}{after}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
