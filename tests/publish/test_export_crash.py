"""A crash while a snapshot is written never loses the published one."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from casecrawl.publish.writer import sha256_of

WRITER = """
import sys
from datetime import datetime, timezone
sys.path.insert(0, "tests")
from support import case_study_row
from casecrawl.history.changes import apply_history
from casecrawl.publish.writer import SnapshotWriter
row = case_study_row("x", body_text="Body " * 200)
rows = [{**row, "id": f"case-{n}", "listing_rank": n} for n in range(int(sys.argv[3]))]
rows, _ = apply_history(rows, [], [], datetime(2026, 1, 1, tzinfo=timezone.utc))
SnapshotWriter(sys.argv[1]).write({"case_studies": rows}, {"snapshot_id": sys.argv[2]}, [], True)
print("done", flush=True)
"""


def write(out: Path, snapshot_id: str, rows: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(out), snapshot_id, str(rows)],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip


def whole(snapshot: Path) -> bool:
    manifest = json.loads((snapshot / "manifest.json").read_text())
    return all(
        sha256_of(snapshot / name) == entry["sha256"] for name, entry in manifest["files"].items()
    )


def test_sigkill_during_export_leaves_latest_whole(tmp_path):
    out = tmp_path / "data"
    first = write(out, "s0", 200)
    assert first.communicate(timeout=60)[0].strip() == "done"
    start = time.monotonic()
    timing = write(out, "s-timing", 20000)
    timing.communicate(timeout=120)
    duration = time.monotonic() - start
    rng = random.Random(6)
    for attempt in range(10):
        process = write(out, f"s{attempt + 1}", 20000)
        time.sleep(rng.uniform(0.3, max(duration, 0.5)))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        latest = (out / "latest").resolve()
        assert latest.parent == out / "snapshots"
        assert whole(latest), f"attempt {attempt}: {latest.name} does not match its manifest"
    # The next run cleans up what the killed ones left half-written.
    assert write(out, "s-after", 10).communicate(timeout=60)[0].strip() == "done"
    assert not list((out / "snapshots").glob(".tmp-*"))
    assert whole((out / "latest").resolve())
