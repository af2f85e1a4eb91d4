"""The snapshot a run builds on: its rows, council links, removed rows, and what was last fetched.

A crawl reads it for history (first seen, changes, removed); a refresh also for what it
already knows, so that it fetches only what is new or due. Without one (a first run), every
case study is new.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from casecrawl.dataset.layout import FETCH_STATE_NAME, TEMPLATE_NAME
from casecrawl.dataset.load import SnapshotFolder


@dataclass
class PageState:
    """What the last fetch of a case study's page said: its validators, and when."""

    url: str
    checked_at: datetime  # the last request, answered 200 or 304
    etag: str | None = None
    last_modified: str | None = None
    archived_in: str | None = None  # the snapshot whose archive holds the page's content

    def to_json(self) -> dict:
        return {
            "url": self.url,
            "checked_at": self.checked_at.isoformat(),
            "etag": self.etag,
            "last_modified": self.last_modified,
            "archived_in": self.archived_in,
        }

    @classmethod
    def from_json(cls, data: dict) -> PageState:
        return cls(
            url=data["url"],
            checked_at=datetime.fromisoformat(data["checked_at"]),
            etag=data.get("etag"),
            last_modified=data.get("last_modified"),
            archived_in=data.get("archived_in"),
        )


@dataclass
class PreviousSnapshot:
    """A published snapshot as the next run needs it."""

    path: Path | None = None
    snapshot_id: str | None = None
    base_url: str | None = None
    time: datetime | None = None
    rows: dict[str, dict] = field(default_factory=dict)  # id -> case_studies row
    council_links: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    removed: list[dict] = field(default_factory=list)
    topics: list[dict] = field(default_factory=list)  # its topics table
    fetches: dict[str, PageState] = field(default_factory=dict)  # id -> last fetch
    needs: list[str] = field(default_factory=list)  # other snapshots whose archives it uses
    template: dict | None = None  # the site's template its crawl learned (template.json)

    @property
    def exists(self) -> bool:
        return self.path is not None

    @classmethod
    def load(cls, path: str | Path | None) -> PreviousSnapshot:
        """The snapshot at `path` (a folder or the `latest` link); an empty one when absent."""
        if path is None or not Path(path).exists():
            return cls()
        folder = SnapshotFolder(Path(path).resolve())
        manifest = folder.manifest()
        previous = cls(
            path=folder.path,
            snapshot_id=manifest["snapshot_id"],
            base_url=manifest.get("base_url"),
            time=datetime.fromisoformat(manifest.get("snapshot_time") or manifest["started_at"]),
            needs=manifest.get("needs", []),
        )
        previous.rows = {r["id"]: r for r in folder.rows()}
        for link in folder.rows("case_study_councils"):
            previous.council_links[link["case_study_id"]].append(link)
        previous.removed = folder.rows("removed")
        previous.topics = folder.rows("topics")
        pages = folder.document(FETCH_STATE_NAME) or {}
        previous.fetches = {i: PageState.from_json(p) for i, p in pages.items()}
        previous.template = folder.document(TEMPLATE_NAME)
        return previous


def write_fetch_state(path: Path, pages: dict[str, PageState]) -> None:
    """The fetch state of every case study in a snapshot, for the next refresh: written an
    entry at a time (the whole document as one string was the snapshot's largest allocation),
    the same text as `json.dumps(..., indent=1)`."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("{")
        for n, page_id in enumerate(sorted(pages)):
            entry = json.dumps(pages[page_id].to_json(), indent=1).replace("\n", "\n ")
            handle.write(f"{',' if n else ''}\n {json.dumps(page_id)}: {entry}")
        handle.write("\n}\n" if pages else "}\n")
