"""Load a published snapshot for analysis (what notebooks and researchers call)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd


def snapshot_dir(out_dir: str | Path = "data", snapshot_id: str | None = None) -> Path:
    """The directory of one snapshot, or of `latest`; a clear error when there is none."""
    out = Path(out_dir)
    path = out / "snapshots" / snapshot_id if snapshot_id else out / "latest"
    if not (path / "case_studies.parquet").exists():
        raise FileNotFoundError(
            f"no snapshot at {path}: run `make demo` or `make crawl` first, or pass --out"
        )
    return path


def load_case_studies(out_dir: str | Path = "data", snapshot_id: str | None = None) -> pd.DataFrame:
    """The case_studies table of a snapshot (the latest by default), typed as written."""
    return pd.read_parquet(snapshot_dir(out_dir, snapshot_id) / "case_studies.parquet")


def load_manifest(out_dir: str | Path = "data", snapshot_id: str | None = None) -> dict:
    """The manifest of a snapshot: counts, versions, checksums, what was missing."""
    return json.loads((snapshot_dir(out_dir, snapshot_id) / "manifest.json").read_text())
