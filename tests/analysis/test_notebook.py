"""notebooks/explore.ipynb: committed without outputs, and run headless (as `make notebooks`
runs it) against a replica snapshot, every cell and every figure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat

from casecrawl.analysis.charts import snapshot_charts
from casecrawl.councils.register import CouncilRegister, locate_register
from casecrawl.dataset import Snapshot

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "explore.ipynb"


def code_cells(document) -> list:
    return [cell for cell in document.cells if cell.cell_type == "code"]


def test_the_committed_notebook_holds_no_outputs():
    for cell in code_cells(nbformat.read(NOTEBOOK, as_version=4)):
        assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_the_notebook_runs_every_cell_and_draws_every_figure(two_snapshots, tmp_path):
    executed = tmp_path / "explore.ipynb"
    result = subprocess.run(
        [sys.executable, "-m", "casecrawl.analysis.notebook", str(NOTEBOOK),
         "--data", str(two_snapshots), "--out", str(executed)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    cells = code_cells(nbformat.read(executed, as_version=4))
    images = 0
    for cell in cells:
        assert cell.execution_count is not None, cell.source[:60]
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source[:60]
        drawn = sum("image/svg+xml" in o.get("data", {}) for o in cell.outputs)
        if "figures.plot_" in cell.source:
            assert drawn, f"no figure from: {cell.source[:60]}"
        images += drawn
    # The same charts as the report: one figure for each.
    latest = Snapshot.load(two_snapshots / "latest")
    register = CouncilRegister.from_directory(locate_register()).to_frame()
    assert images == len(snapshot_charts(latest, register))
    search = cells[-1].outputs[-1]["data"]["text/plain"]
    assert "social-prescribing" in search  # the full-text search found the replica's ones


def test_the_runner_names_a_data_directory_without_a_snapshot(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "casecrawl.analysis.notebook", str(NOTEBOOK), "--data", str(tmp_path)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 2
    assert f"{tmp_path}/latest holds no snapshot" in result.stderr
