"""Council matching: precision and recall on the labelled sets, and time to match a snapshot.

Run: `.venv/bin/python bench/councils.py` (needs the register: CASECRAWL_REGISTER_DIR or the
cache in data/reference). Targets: precision >= 0.97, recall >= 0.95 on each labelled set;
all case studies of a 2,568-case-study snapshot (titles, summaries, bodies) matched in < 2 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casecrawl.councils.evaluation import read_labels, score  # noqa: E402
from pipelines.councils import council_fields, load_matcher  # noqa: E402

LABEL_SETS = (
    ROOT / "tests" / "data" / "council_mentions.csv",
    ROOT / "tests" / "data" / "council_mentions_real_titles.csv",
)


def snapshot_rows(snapshot: str | None, size: int) -> list[dict]:
    """Rows of a snapshot, or the replica's ground truth of `size` case studies."""
    if snapshot:
        import pandas as pd

        frame = pd.read_parquet(Path(snapshot) / "case_studies.parquet")
        frame = frame[["id", "title", "summary", "body_text"]].astype(object)
        return frame.where(frame.notna(), None).to_dict("records")
    from casecrawl.testbed.site import ReplicaSite

    return ReplicaSite(size).expected_rows("http://127.0.0.1")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--snapshot", help="snapshot directory (default: replica ground truth)")
    parser.add_argument("--size", type=int, default=2568)
    parser.add_argument("--show", type=int, default=10, help="misses and false hits to print")
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    matcher = load_matcher(os.environ.get("CASECRAWL_REGISTER_DIR"), str(ROOT / "data/reference"))
    ok = True
    for path in LABEL_SETS:
        labels = read_labels(path)
        scores = score(labels, matcher)
        met = scores.precision >= 0.97 and scores.recall >= 0.95
        ok &= met
        print(f"{path.name}: {len(labels)} texts, {scores.expected} council mentions")
        print(
            f"  precision {scores.precision:.3f}  recall {scores.recall:.3f}  ({'met' if met else 'NOT met'})"
        )
        for text, code in scores.false_hits[: args.show]:
            print(f"  false hit {code}: {text[:90]}")
        for text, code in scores.misses[: args.show]:
            print(f"  missed    {code}: {text[:90]}")
    rows = snapshot_rows(args.snapshot, args.size)
    start = time.process_time()
    for row in rows:
        council_fields(row, matcher)
    elapsed = time.process_time() - start
    words = sum(len((r.get("body_text") or "").split()) for r in rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"matched {len(rows)} case studies ({words} body words) in {elapsed:.2f} s CPU on one core"
    )
    print(f"  target < 2 s: {'met' if elapsed < 2 else 'NOT met'}; peak RSS {peak:.0f} MB")
    ok &= elapsed < 2
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
