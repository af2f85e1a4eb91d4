"""The dataset's contract, importing nothing else of casecrawl: its schema, the snapshot
folder's file names and the one snapshot reader."""

from casecrawl.dataset.load import (
    Snapshot,
    SnapshotFolder,
    load_case_studies,
    load_manifest,
    snapshot_dir,
)

__all__ = ["Snapshot", "SnapshotFolder", "load_case_studies", "load_manifest", "snapshot_dir"]
