"""The benchmarks run end to end on a small replica (their figures are in docs/benchmarks.md;
here only that they work and print what the docs quote)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def bench(script: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=600
    )
    # Exit 1 is a target not met, which a small replica need not meet; anything else failed.
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return result.stdout


@pytest.mark.parametrize(
    "script, args, printed",
    [
        ("crawl.py", ("--size", "60", "--repeat", "1"), "casecrawl / minimal pages per second"),
        ("reparse.py", ("--size", "120", "--repeat", "1", "--jobs", "2"), "median pages/s"),
    ],
)
def test_a_benchmark_runs_on_a_small_replica(script, args, printed):
    assert printed in bench(script, *args)
