"""The one snapshot reader: a snapshot folder's manifest, tables and side files, for the
next run (history), the snapshot listing, the report and researchers' notebooks."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.parquet as pq

if TYPE_CHECKING:  # pandas is imported when a DataFrame is asked for: a crawl never pays for it
    import pandas as pd

from casecrawl.dataset.layout import (
    LATEST,
    MAIN_TABLE,
    MANIFEST_NAME,
    SNAPSHOTS,
    parquet_name,
)


class SnapshotFolder:
    """A snapshot folder on disk, read piece by piece (nothing is read until asked for)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def has_table(self, table: str = MAIN_TABLE) -> bool:
        return (self.path / parquet_name(table)).is_file()

    def manifest(self) -> dict:
        """The manifest; a clear error naming the folder when it is missing or unreadable."""
        try:
            return json.loads((self.path / MANIFEST_NAME).read_text("utf-8"))
        except OSError as error:
            raise FileNotFoundError(f"{self.path} holds no readable {MANIFEST_NAME}") from error

    def table_file(self, table: str = MAIN_TABLE) -> Path:
        path = self.path / parquet_name(table)
        if not path.is_file():
            raise FileNotFoundError(f"no {parquet_name(table)} in {self.path}")
        return path

    def columns(self, table: str = MAIN_TABLE) -> list[str]:
        return pq.read_schema(self.table_file(table)).names

    def rows(self, table: str = MAIN_TABLE, columns: list[str] | None = None) -> list[dict]:
        """A table as plain rows; an absent table (an older schema) is empty."""
        if not self.has_table(table):
            return []
        return pq.read_table(self.path / parquet_name(table), columns=columns).to_pylist()

    def frame(self, table: str = MAIN_TABLE) -> pd.DataFrame:
        """A table as a DataFrame, typed as written."""
        import pandas as pd

        return pd.read_parquet(self.table_file(table))

    def document(self, name: str) -> dict | None:
        """A JSON side file (fetch state, template), or None when the snapshot has none."""
        path = self.path / name
        return json.loads(path.read_text("utf-8")) if path.is_file() else None


def snapshot_dir(out_dir: str | Path = "data", snapshot_id: str | None = None) -> Path:
    """The directory of one snapshot, or of `latest`; a clear error when there is none."""
    out = Path(out_dir)
    path = out / SNAPSHOTS / snapshot_id if snapshot_id else out / LATEST
    if not SnapshotFolder(path).has_table():
        raise FileNotFoundError(
            f"no snapshot at {path}: run `make demo` or `make crawl` first, or pass --out"
        )
    return path


def load_case_studies(out_dir: str | Path = "data", snapshot_id: str | None = None) -> pd.DataFrame:
    """The case_studies table of a snapshot (the latest by default), typed as written."""
    return SnapshotFolder(snapshot_dir(out_dir, snapshot_id)).frame()


def load_manifest(out_dir: str | Path = "data", snapshot_id: str | None = None) -> dict:
    """The manifest of a snapshot: counts, versions, checksums, what was missing."""
    return SnapshotFolder(snapshot_dir(out_dir, snapshot_id)).manifest()


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
        folder = SnapshotFolder(path)
        if not folder.has_table():
            raise FileNotFoundError(
                f"{folder.path} is not a snapshot: it holds no {parquet_name(MAIN_TABLE)}"
            )
        tables = {}
        for name in ("case_study_councils", "changes", "topics", "removed"):
            if not folder.has_table(name):  # written by every casecrawl since schema 1.3.0
                raise FileNotFoundError(
                    f"{folder.path} has no {parquet_name(name)}: an older snapshot?"
                )
            tables[name] = folder.frame(name)
        return cls(
            path=folder.path,
            manifest=folder.manifest(),
            case_studies=folder.frame(),
            councils=tables["case_study_councils"],
            changes=tables["changes"],
            topics=tables["topics"],
            removed=tables["removed"],
        )
