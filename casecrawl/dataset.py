"""Load a published snapshot for analysis (what notebooks, the report and researchers call)."""

from __future__ import annotations

import json
from dataclasses import dataclass
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


@dataclass
class Snapshot:
    """The tables of one snapshot folder, as DataFrames, and its manifest."""

    path: Path
    manifest: dict
    case_studies: pd.DataFrame
    councils: pd.DataFrame  # case_study_councils
    changes: pd.DataFrame
    topics: pd.DataFrame
    removed: pd.DataFrame

    @classmethod
    def load(cls, path: str | Path) -> Snapshot:
        """Every table of the snapshot at `path` (a folder holding case_studies.parquet)."""
        path = Path(path)
        if not (path / "case_studies.parquet").exists():
            raise FileNotFoundError(f"{path} is not a snapshot: it holds no case_studies.parquet")
        manifest = json.loads((path / "manifest.json").read_text())
        tables = {}
        for name in ("case_study_councils", "changes", "topics", "removed"):
            file = path / f"{name}.parquet"
            if not file.exists():  # written by every casecrawl since schema 1.3.0
                raise FileNotFoundError(f"{path} has no {name}.parquet: an older snapshot?")
            tables[name] = pd.read_parquet(file)
        return cls(
            path=path,
            manifest=manifest,
            case_studies=pd.read_parquet(path / "case_studies.parquet"),
            councils=tables["case_study_councils"],
            changes=tables["changes"],
            topics=tables["topics"],
            removed=tables["removed"],
        )
