"""The README's first-screen pandas example runs as written, from the folder above data/."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support import markdown_code_blocks

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_pandas_example_runs_on_a_snapshot(two_snapshots):
    example = markdown_code_blocks(README.read_text("utf-8"), "python")[0]
    assert 'pd.read_parquet("data/latest/case_studies.parquet")' in example
    result = subprocess.run(
        [sys.executable, "-c", example], cwd=two_snapshots.parent, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((two_snapshots / "latest" / "manifest.json").read_text())
    assert result.stdout.startswith(f"{manifest['items_written']} case studies, the newest: ")
    assert "topics" in result.stdout  # the value counts' name line
