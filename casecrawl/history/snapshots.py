"""The snapshots under an output directory: list, resolve, diff, prune.

Every snapshot is a directory `<out>/snapshots/<id>/` (published) or `<out>/failed/<id>/`
(not published) holding a `manifest.json`; `<out>/latest` is a relative symlink to the
newest published one. Directories without a readable manifest (a `.tmp-<id>` being written,
anything else) are not snapshots: never listed, never pruned.

Manifest fields read here: snapshot_id, started_at, complete, items_written, and, when
present, kind ('crawl', 'refresh' or 'reparse'; 'crawl' when absent), previous_snapshot
(the id of the snapshot it follows), needs (ids whose raw archives it was built from) and
reparse_of (the snapshot a reparse read its pages from).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from casecrawl.dataset.layout import FAILED, LATEST, is_snapshot
from casecrawl.dataset.layout import SNAPSHOTS as PUBLISHED
from casecrawl.dataset.load import SnapshotFolder
from casecrawl.history.changes import CHANGE_KINDS, COMPARED_COLUMNS, changes_between, count_changes

_ID_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{6}Z)(?:-(\d+))?$")


@dataclass(frozen=True)
class SnapshotInfo:
    """One snapshot as its manifest describes it."""

    id: str
    path: Path
    time: datetime | None  # manifest started_at (UTC), else read from the id
    kind: str  # crawl | refresh | reparse
    rows: int | None  # manifest items_written
    complete: bool
    previous: str | None  # manifest previous_snapshot
    needs: tuple[str, ...]  # manifest needs
    published: bool  # under snapshots/ (False: under failed/)
    latest: bool  # the one `latest` points at
    reparse_of: str | None = None  # manifest reparse_of

    @property
    def depends_on(self) -> tuple[str, ...]:
        """Every snapshot id this one needs kept: the ones whose archives hold its pages
        (`needs`: rows carried forward, a reparse's source). Its previous snapshot is not
        needed once it is published: history and changes are already computed."""
        ids = [*self.needs, self.reparse_of]
        return tuple(dict.fromkeys(i for i in ids if i))


def _parse_time(text) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _time_from_id(snapshot_id: str) -> datetime | None:
    match = _ID_TIME.match(snapshot_id)
    if not match:
        return None
    return datetime.strptime(match.group(1), "%Y-%m-%dT%H%M%SZ").replace(tzinfo=timezone.utc)


def _sort_key(info: SnapshotInfo):
    """Oldest first: start time, then the id's collision suffix (-1, -2, ... -10), then id."""
    match = _ID_TIME.match(info.id)
    suffix = int(match.group(2) or 0) if match else 0
    return (info.time or datetime.min.replace(tzinfo=timezone.utc), suffix, info.id)


def _latest_target(out: Path) -> Path | None:
    link = out / LATEST
    if not link.exists():
        return None
    return link.resolve()


def _read_info(path: Path, published: bool, latest: Path | None) -> SnapshotInfo | None:
    try:
        manifest = SnapshotFolder(path).manifest()
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, Mapping):
        return None
    snapshot_id = str(manifest.get("snapshot_id") or path.name)
    rows = manifest.get("items_written")
    needs = manifest.get("needs") or []
    return SnapshotInfo(
        id=snapshot_id,
        path=path,
        time=_parse_time(manifest.get("started_at")) or _time_from_id(snapshot_id),
        kind=str(manifest.get("kind") or "crawl"),
        rows=rows if isinstance(rows, int) else None,
        complete=bool(manifest.get("complete", published)),
        previous=manifest.get("previous_snapshot") or None,
        needs=tuple(str(n) for n in needs),
        published=published,
        latest=latest is not None and path.resolve() == latest,
        reparse_of=manifest.get("reparse_of") or None,
    )


def list_snapshots(out_dir: str | Path) -> list[SnapshotInfo]:
    """Every snapshot under out_dir/snapshots and out_dir/failed, oldest first."""
    out = Path(out_dir)
    latest = _latest_target(out)
    infos = []
    for location, published in ((PUBLISHED, True), (FAILED, False)):
        parent = out / location
        if not parent.is_dir():
            continue
        for path in sorted(parent.iterdir()):
            if path.name.startswith(".") or not path.is_dir() or path.is_symlink():
                continue
            info = _read_info(path, published, latest)
            if info is not None:
                infos.append(info)
    return sorted(infos, key=_sort_key)


def format_snapshots(out_dir: str | Path) -> str:
    """The snapshots as a text table, newest last; '*' marks the one `latest` points at."""
    infos = list_snapshots(out_dir)
    if not infos:
        return f"no snapshots under {Path(out_dir)}\n"
    header = ("", "id", "kind", "started (UTC)", "rows", "status", "previous")
    table = [header]
    for info in infos:
        status = ("published" if info.published else "failed") + (
            "" if info.complete else " (incomplete)"
        )
        started = info.time.strftime("%Y-%m-%d %H:%M:%S") if info.time else "?"
        table.append(
            (
                "*" if info.latest else "",
                info.id,
                info.kind,
                started,
                "?" if info.rows is None else str(info.rows),
                status,
                info.previous or "-",
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]
    return "\n".join(lines) + "\n"


def resolve_snapshot(out_dir: str | Path, ref: str | Path) -> Path:
    """The directory of a snapshot named by `ref`: 'latest', an id (looked up under
    snapshots/ then failed/), or a path to a snapshot directory (or to a file in one).
    A ValueError naming the ref when there is none."""
    out = Path(out_dir)
    text = str(ref)
    if text == "latest":
        target = _latest_target(out)
        if target is None or not is_snapshot(target):
            raise ValueError(f"snapshot 'latest' not found: {out / 'latest'} points at nothing")
        return target
    candidates = []
    if text and "/" not in text and text not in (".", ".."):
        candidates += [out / PUBLISHED / text, out / FAILED / text]
    path = Path(ref)
    candidates += [path, path.parent] if path.is_file() else [path]
    for candidate in candidates:
        if is_snapshot(candidate):
            return candidate
    raise ValueError(
        f"snapshot {text!r} not found: not 'latest', not an id under {out / PUBLISHED} or "
        f"{out / FAILED}, not a snapshot directory"
    )


def diff_snapshots(a: str | Path, b: str | Path) -> list[dict]:
    """The changes from snapshot `a` to snapshot `b` (directories), as `changes_between`
    gives them. Only the compared columns both snapshots have are compared (a snapshot of an
    older schema lacks some)."""
    folder_a, folder_b = SnapshotFolder(a), SnapshotFolder(b)
    names_a, names_b = set(folder_a.columns()), set(folder_b.columns())
    columns = [c for c in COMPARED_COLUMNS if c in names_a and c in names_b]
    read = ["id", *[c for c in columns if c != "id"]]
    rows_a, rows_b = folder_a.rows(columns=read), folder_b.rows(columns=read)
    return changes_between(rows_a, rows_b, columns)


def format_diff(rows: list[dict]) -> str:
    """One line per change ('added id', 'removed id', 'modified id: field, field'), then a
    count line ('3 added, 1 removed, 2 modified')."""
    lines = []
    for change in rows:
        line = f"{change['change']} {change['case_study_id']}"
        if change["change"] == "modified":
            line += ": " + ", ".join(change["fields"])
        lines.append(line)
    counts = count_changes(rows)
    lines.append(", ".join(f"{counts[kind]} {kind}" for kind in CHANGE_KINDS))
    return "\n".join(lines) + "\n"


def prune_plan(out_dir: str | Path, keep: int) -> tuple[list[SnapshotInfo], list[SnapshotInfo]]:
    """(kept, removed) snapshots for `prune_snapshots`, oldest first, nothing deleted."""
    infos = list_snapshots(out_dir)
    if keep <= 0:
        return infos, []
    published = [i for i in infos if i.published]
    window = published[-keep:] + [i for i in infos if i.latest]
    by_id = {i.id: i for i in infos}
    kept_ids: set[str] = set()
    todo = [i.id for i in window]
    while todo:  # the window and everything it depends on, transitively
        snapshot_id = todo.pop()
        if snapshot_id in kept_ids or snapshot_id not in by_id:
            continue
        kept_ids.add(snapshot_id)
        todo += by_id[snapshot_id].depends_on
    oldest = min((_sort_key(i) for i in window), default=None)
    removed = [
        i
        for i in infos
        if i.id not in kept_ids
        and not i.latest
        and (i.published or (oldest is not None and _sort_key(i) < oldest))
    ]
    kept = [i for i in infos if i not in removed]
    return kept, removed


def prune_snapshots(out_dir: str | Path, keep: int, *, dry_run: bool = False) -> list[Path]:
    """Delete old snapshots; return the removed directories, oldest first.

    Kept: the `keep` newest published snapshots (keep <= 0: every snapshot, nothing
    removed), the one `latest` points at, and every snapshot one of those depends on,
    transitively (manifest previous_snapshot, needs and reparse_of: a refresh or reparse
    needs its predecessors' raw archives), published or failed. Removed: every other published
    snapshot, and the failed ones older than the oldest of the `keep` newest (failed crawls
    since then are kept to be looked at). With no published snapshot nothing is removed.
    dry_run: only say what would be removed.
    """
    out = Path(out_dir).resolve()
    _, removed = prune_plan(out_dir, keep)
    paths = []
    for info in removed:
        path = info.path
        if path.resolve().parent not in (out / PUBLISHED, out / FAILED):  # never outside
            continue
        if not dry_run:
            shutil.rmtree(path)
        paths.append(path)
    return paths
