"""Accepted items on disk until the snapshot is written, so that memory does not grow with
the number of case studies: each item is pickled once, read back by its id when needed."""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path


class ItemSpool:
    """An append-only file of items, and where each one starts (run-private, deleted on close)."""

    def __init__(self, folder: str | Path | None = None):
        if folder is not None:
            Path(folder).mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix="items-", suffix=".pickle", dir=folder)
        os.close(handle)
        self.path = Path(name)
        self._file = self.path.open("w+b")
        self.offsets: dict[str, int] = {}

    def add(self, item: dict) -> None:
        self._file.seek(0, os.SEEK_END)
        self.offsets[item["id"]] = self._file.tell()
        pickle.dump(item, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def get(self, item_id: str) -> dict:
        self._file.flush()
        self._file.seek(self.offsets[item_id])
        return pickle.load(self._file)

    def __contains__(self, item_id: str) -> bool:
        return item_id in self.offsets

    def __len__(self) -> int:
        return len(self.offsets)

    def __iter__(self) -> Iterator[dict]:
        """Every item, in the order added."""
        for item_id in list(self.offsets):
            yield self.get(item_id)

    def close(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)
