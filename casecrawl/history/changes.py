"""History across snapshots: first/last seen, content hashes, removed rows, changes.

Pure functions over rows (dicts keyed by the case_studies column names, as the pipelines
build them or as `pyarrow.Table.to_pylist()` reads them back). Nothing here reads a clock
or a file: the snapshot times are parameters, so the same inputs always give the same
outputs.

- `content_hash(row)`: sha256 of the extracted fields (`HASHED_COLUMNS`) as canonical JSON,
  the same from crawl to crawl while the page is unchanged, whatever the crawl time, the
  listing rank or the council matching.
- `apply_history(rows, previous_rows, previous_removed, snapshot_time)`: the rows with
  `first_seen`, `last_seen` and `content_hash` set, and the new `removed` table.
- `changes_between(previous_rows, rows)`: the `changes` table, added / removed / modified.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timezone

from casecrawl.dataset.schema import COLUMN_NAMES, HISTORY_COLUMNS

# What the parsers read from the page: a case study's content. Not listing_rank or
# crawled_at (they change with every crawl), not source (the crawl's base URL, in the
# manifest), not the council columns (derived from the text by the matcher and the
# register, which change on their own), not the history columns themselves.
HASHED_COLUMNS: tuple[str, ...] = (
    "id",
    "url",
    "title",
    "summary",
    "topics",
    "published_date",
    "body_text",
    "sections",
    "links",
)

# Columns whose change makes a row 'modified': every case_studies column but
#   listing_rank   shifts whenever a newer case study is published, the page being unchanged;
#   crawled_at     differs on every crawl;
#   source         the crawl's base URL, the same for every row (the manifest's base_url);
#                  a different host already shows in `url`;
#   first_seen, last_seen, content_hash
#                  bookkeeping derived from the others (a changed hash always comes with a
#                  changed hashed column, which is listed instead).
# The council columns are compared: they derive from the text, but also from the register
# and the matcher, and a reparse or a new register version that changes them changes the
# published data. Such a row is 'modified' with an unchanged content_hash.
NOT_COMPARED: frozenset[str] = frozenset({"listing_rank", "crawled_at", "source", *HISTORY_COLUMNS})
COMPARED_COLUMNS: tuple[str, ...] = tuple(c for c in COLUMN_NAMES if c not in NOT_COMPARED)

CHANGE_KINDS: tuple[str, ...] = ("added", "removed", "modified")  # also the sort order


def canonical(value):
    """A value as plain JSON-able Python: dates ISO 8601 (datetimes in UTC), lists in order,
    mappings with string keys (sorted when dumped), numpy values and arrays as Python ones,
    NaN and NaT (pandas' nulls) as None."""
    if isinstance(value, (float, datetime)) and value != value:  # NaN, NaT
        return None
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if hasattr(value, "tolist"):  # numpy arrays and scalars (rows read through pandas)
        return canonical(value.tolist())
    raise TypeError(f"cannot canonicalise {type(value).__name__}: {value!r}")


def content_hash(row: Mapping) -> str:
    """sha256 (hex) of the row's `HASHED_COLUMNS` as canonical JSON (sorted keys, no spaces,
    UTF-8, dates ISO, lists in order). A missing column counts as null."""
    payload = {column: canonical(row.get(column)) for column in HASHED_COLUMNS}
    text = json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _by_id(rows: Iterable[Mapping], what: str) -> dict[str, Mapping]:
    """Rows keyed by id, in their order; a ValueError on a repeated id (one row per slug)."""
    keyed: dict[str, Mapping] = {}
    for row in rows:
        key = row["id"]
        if key in keyed:
            raise ValueError(f"{what}: case study id {key!r} appears more than once")
        keyed[key] = row
    return keyed


def utc(moment: datetime, what: str) -> datetime:
    """A timezone-aware moment in UTC; a ValueError naming `what` for a naive one."""
    return _utc(moment, what)


def _utc(moment: datetime, what: str) -> datetime:
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, not {moment!r}")
    return moment.astimezone(timezone.utc)


def _earlier_first_seen(row: Mapping, previous_time: datetime | None):
    """When a row of an earlier snapshot was first seen. Rows written before schema 1.2.0
    have no first_seen: the previous snapshot's time if given, else the row's crawled_at."""
    return row.get("first_seen") or previous_time or row.get("crawled_at")


def apply_history(
    rows: Sequence[Mapping],
    previous_rows: Sequence[Mapping],
    previous_removed: Sequence[Mapping],
    snapshot_time: datetime,
    *,
    previous_time: datetime | None = None,
) -> tuple[list[dict], list[dict]]:
    """The rows with their history columns, and the snapshot's `removed` table.

    rows: this snapshot's case_studies rows. previous_rows / previous_removed: the previous
    published snapshot's case_studies and removed tables (empty for a first snapshot, or
    for a previous snapshot older than schema 1.2.0, which had no removed table).
    snapshot_time: this snapshot's start time (timezone-aware). previous_time: the previous
    snapshot's start time, used only for its rows that have no first_seen/last_seen (written
    before schema 1.2.0); without it their crawled_at stands in.

    Each row (a new dict, in the same order; the inputs are not changed) gets
      first_seen   the previous row's first_seen; for a case study that comes back, its
                   removed row's first_seen (it keeps its original first_seen); else
                   snapshot_time (seen for the first time);
      last_seen    snapshot_time;
      content_hash content_hash(row).
    The removed table is the previous removed rows still absent (unchanged, their removed_at
    kept), plus each previous row whose id is no longer present: that last row as it was
    (its last_seen is the previous snapshot's time) with removed_at = snapshot_time. A case
    study that comes back leaves the removed table. Sorted by removed_at, then id.
    """
    now = _utc(snapshot_time, "snapshot_time")
    if previous_time is not None:
        previous_time = _utc(previous_time, "previous_time")
    current = _by_id(rows, "rows")
    previous = _by_id(previous_rows, "previous_rows")
    gone_before = _by_id(previous_removed, "previous_removed")
    out = history_rows(rows, previous, gone_before, now, previous_time)
    return out, removed_table(current, previous, gone_before, now, previous_time)


def history_rows(rows, previous, gone_before, now: datetime, previous_time) -> list[dict]:
    """The rows with first_seen, last_seen and content_hash (see apply_history); `previous`
    and `gone_before` keyed by id. Rows may come a batch at a time."""
    out: list[dict] = []
    for row in rows:
        earlier = previous.get(row["id"]) or gone_before.get(row["id"])
        first_seen = _earlier_first_seen(earlier, previous_time) if earlier else None
        out.append(
            {
                **row,
                "first_seen": first_seen or now,
                "last_seen": now,
                "content_hash": content_hash(row),
            }
        )

    return out


def removed_table(current, previous, gone_before, now: datetime, previous_time) -> list[dict]:
    """The removed table (see apply_history): rows still gone, and rows gone since."""
    # An id both in previous_removed and previous_rows came back in the previous snapshot:
    # its previous row is what counts.
    removed = [
        dict(row) for key, row in gone_before.items() if key not in current and key not in previous
    ]
    for key, row in previous.items():
        if key in current:
            continue
        removed.append(
            {
                **row,
                "first_seen": _earlier_first_seen(row, previous_time) or now,
                "last_seen": row.get("last_seen") or previous_time or row.get("crawled_at") or now,
                "content_hash": row.get("content_hash") or content_hash(row),
                "removed_at": now,
            }
        )
    removed.sort(key=lambda r: (_utc(r["removed_at"], "removed_at"), r["id"]))
    return removed


def modified_fields(
    before: Mapping, after: Mapping, columns: Sequence[str] = COMPARED_COLUMNS
) -> list[str]:
    """The columns (in the given order) whose canonical values differ; missing counts as null."""
    return [c for c in columns if canonical(before.get(c)) != canonical(after.get(c))]


def changes_between(
    previous_rows: Sequence[Mapping] | None,
    rows: Sequence[Mapping],
    columns: Sequence[str] = COMPARED_COLUMNS,
) -> list[dict]:
    """The `changes` table from one snapshot's rows to the next's.

    One dict per changed case study, with the `changes` columns: case_study_id, change
    ('added', 'removed' or 'modified') and fields (for 'modified', the `columns` that differ,
    in column order; empty otherwise). Sorted by change (added, removed, modified), then id.
    No previous rows (None or empty: a first snapshot) gives every row 'added'. `columns`
    defaults to COMPARED_COLUMNS; pass fewer when one side lacks some (an older schema).
    """
    before = _by_id(previous_rows or [], "previous_rows")
    after = _by_id(rows, "rows")
    changes = [
        {"case_study_id": key, "change": "added", "fields": []} for key in after.keys() - before
    ]
    changes += [
        {"case_study_id": key, "change": "removed", "fields": []} for key in before.keys() - after
    ]
    for key in after.keys() & before.keys():
        fields = modified_fields(before[key], after[key], columns)
        if fields:
            changes.append({"case_study_id": key, "change": "modified", "fields": fields})
    changes.sort(key=lambda c: (CHANGE_KINDS.index(c["change"]), c["case_study_id"]))
    return changes


def count_changes(changes: Iterable[Mapping]) -> dict[str, int]:
    """{'added': n, 'removed': n, 'modified': n} (every kind present, for a manifest)."""
    counts = dict.fromkeys(CHANGE_KINDS, 0)
    for change in changes:
        counts[change["change"]] += 1
    return counts
