"""The dataset's contract, importing nothing else of casecrawl: its schema, the snapshot
folder's file names and the one snapshot reader.

The reader (load.py, with pandas) is imported only when asked for: a crawl, which needs the
file names and the schema, does not pay for pandas."""

from __future__ import annotations

__all__ = ["Snapshot", "SnapshotFolder", "load_case_studies", "load_manifest", "snapshot_dir"]


def __getattr__(name: str):
    if name in __all__:
        from casecrawl.dataset import load

        return getattr(load, name)
    raise AttributeError(f"module 'casecrawl.dataset' has no attribute {name!r}")
