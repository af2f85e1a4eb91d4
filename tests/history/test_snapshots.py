"""Snapshot management: list, resolve, diff and prune snapshot folders."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from support import case_study_row

from casecrawl.dataset.schema import arrow_schema
from casecrawl.history.changes import apply_history
from casecrawl.history.previous import PageState, write_fetch_state
from casecrawl.history.snapshots import (
    diff_snapshots,
    format_diff,
    format_snapshots,
    list_snapshots,
    prune_snapshots,
    resolve_snapshot,
)


def when(day: int) -> datetime:
    return datetime(2026, 1, day, 9, 0, 1, tzinfo=timezone.utc)


def sid(day: int) -> str:
    return when(day).strftime("%Y-%m-%dT%H%M%SZ")


def row(slug: str, **overrides) -> dict:
    unmatched = dict.fromkeys(
        ("council_codes", "council_gss_codes", "council_names", "council_types", "regions",
         "nations", "councils_mentioned"), [],
    )  # fmt: skip
    body = f"Body of {slug}."
    return case_study_row(slug, **{
        "summary": None, "topics": ["Culture"], "body_text": body,
        "sections": [{"heading": "", "text": body}], "links": [], "crawled_at": when(1),
        **unmatched, **overrides,
    })  # fmt: skip


def make_snapshot(
    out: Path,
    day: int,
    rows: list[dict] | None = None,
    *,
    failed: bool = False,
    latest: bool = False,
    schema: pa.Schema | None = None,
    **manifest,
) -> Path:
    """A snapshot folder as the writer leaves it: case_studies.parquet and a manifest."""
    snapshot_id = manifest.pop("snapshot_id", sid(day))
    path = out / ("failed" if failed else "snapshots") / snapshot_id
    path.mkdir(parents=True)
    rows = rows if rows is not None else [row("a")]
    if schema is None:
        rows, _ = apply_history(rows, [], [], when(day))
        schema = arrow_schema()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path / "case_studies.parquet")
    written = {
        "snapshot_id": snapshot_id,
        "complete": not failed,
        "started_at": when(day).isoformat(),
        "items_written": 0 if failed else len(rows),
        **manifest,
    }
    (path / "manifest.json").write_text(json.dumps(written))
    if latest:
        link = out / "latest"
        if link.is_symlink():
            link.unlink()
        link.symlink_to(path.relative_to(out))
    return path


# ---------------------------------------------------------------- list / format


def test_list_snapshots_reads_every_manifest_oldest_first(tmp_path):
    out = tmp_path / "data"
    make_snapshot(out, 1, [row("a"), row("b")])  # an old manifest: no kind, no previous
    make_snapshot(out, 2, failed=True, kind="crawl", previous_snapshot=sid(1))
    make_snapshot(out, 3, kind="refresh", previous_snapshot=sid(1), needs=[sid(1)], latest=True)
    make_snapshot(out, 3, snapshot_id=sid(3) + "-10", kind="reparse", previous_snapshot=sid(3))
    make_snapshot(out, 3, snapshot_id=sid(3) + "-2", kind="reparse", previous_snapshot=sid(3))
    (out / "snapshots" / ".tmp-2026-01-09T000000Z").mkdir()  # being written
    (out / "snapshots" / "stray").mkdir()  # no manifest: not a snapshot

    infos = list_snapshots(out)
    assert [(i.id, i.kind, i.rows, i.complete, i.published, i.latest) for i in infos] == [
        (sid(1), "crawl", 2, True, True, False),
        (sid(2), "crawl", 0, False, False, False),
        (sid(3), "refresh", 1, True, True, True),
        (sid(3) + "-2", "reparse", 1, True, True, False),
        (sid(3) + "-10", "reparse", 1, True, True, False),
    ]
    first, _, refresh, *_ = infos
    assert first.path == out / "snapshots" / sid(1)
    assert first.time == when(1) and first.previous is None and first.needs == ()
    assert refresh.previous == sid(1) and refresh.needs == (sid(1),)
    assert refresh.depends_on == (sid(1),)


def test_list_snapshots_of_nothing(tmp_path):
    assert list_snapshots(tmp_path / "nowhere") == []
    assert format_snapshots(tmp_path / "nowhere") == f"no snapshots under {tmp_path / 'nowhere'}\n"


def test_format_snapshots_newest_last_latest_marked(tmp_path):
    make_snapshot(tmp_path, 1, [row("a"), row("b")])
    make_snapshot(tmp_path, 2, failed=True)
    make_snapshot(tmp_path, 3, kind="refresh", previous_snapshot=sid(1), latest=True)
    lines = format_snapshots(tmp_path).splitlines()
    assert lines[0].split() == ["id", "kind", "started", "(UTC)", "rows", "status", "previous"]
    assert lines[1].split() == [sid(1), "crawl", "2026-01-01", "09:00:01", "2", "published", "-"]
    assert lines[2].split() == [
        sid(2),
        "crawl",
        "2026-01-02",
        "09:00:01",
        "0",
        "failed",
        "(incomplete)",
        "-",
    ]
    assert lines[3].split() == [
        "*",
        sid(3),
        "refresh",
        "2026-01-03",
        "09:00:01",
        "1",
        "published",
        sid(1),
    ]
    assert len(lines) == 4
    assert lines[1].index(sid(1)) == lines[3].index(sid(3))  # aligned columns


# ---------------------------------------------------------------- resolve


def test_resolve_snapshot_by_latest_id_or_path(tmp_path, monkeypatch):
    out = tmp_path / "data"
    one = make_snapshot(out, 1)
    two = make_snapshot(out, 2, latest=True)
    failed = make_snapshot(out, 3, failed=True)
    monkeypatch.chdir(tmp_path)
    cases = {
        "latest": two.resolve(),
        sid(1): one,
        sid(3): failed,
        str(one): one,
        "data/snapshots/" + sid(2): Path("data/snapshots/" + sid(2)),
        str(one / "case_studies.parquet"): one,
    }
    for ref, expected in cases.items():
        assert resolve_snapshot(out, ref) == expected, ref
    assert resolve_snapshot(out, one) == one


@pytest.mark.parametrize("ref", ["2026-02-30T000000Z", "nope/nothing", "", "latest"])
def test_resolve_snapshot_names_a_missing_ref(tmp_path, ref):
    make_snapshot(tmp_path, 1)  # and no latest
    with pytest.raises(ValueError, match=f"snapshot '{ref}' not found"):
        resolve_snapshot(tmp_path, ref)


# ---------------------------------------------------------------- diff


def test_diff_snapshots_and_its_text(tmp_path):
    a = make_snapshot(tmp_path, 1, [row("a"), row("b"), row("c"), row("d")])
    b = make_snapshot(
        tmp_path,
        2,
        [
            row("a", listing_rank=3, crawled_at=when(2)),  # unchanged
            row("c", title="New title", links=["https://example.org/"]),
            row("d", council_codes=["WGN"]),
            row("e"),
            row("f"),
        ],
    )
    changes = diff_snapshots(a, b)
    assert format_diff(changes) == (
        "added e\n"
        "added f\n"
        "removed b\n"
        "modified c: title, links\n"
        "modified d: council_codes\n"
        "2 added, 1 removed, 2 modified\n"
    )
    assert diff_snapshots(a, a) == []
    assert format_diff([]) == "0 added, 0 removed, 0 modified\n"


def test_diff_with_an_older_schema_compares_the_columns_both_have(tmp_path):
    old_schema = pa.schema([arrow_schema().field(n) for n in ("id", "title", "body_text")])
    old = make_snapshot(
        tmp_path, 1, [{"id": "a", "title": "T", "body_text": "B"}], schema=old_schema
    )
    new = make_snapshot(tmp_path, 2, [row("a", title="T", body_text="B", council_codes=["X"])])
    assert diff_snapshots(old, new) == []
    newer = make_snapshot(tmp_path, 3, [row("a", title="T2", body_text="B")])
    assert format_diff(diff_snapshots(old, newer)).splitlines()[0] == "modified a: title"


def test_diff_names_a_folder_without_data(tmp_path):
    a = make_snapshot(tmp_path, 1)
    with pytest.raises(FileNotFoundError, match="no case_studies.parquet in"):
        diff_snapshots(a, tmp_path / "empty")


# ---------------------------------------------------------------- prune

# Each scenario: the snapshots (day, options), keep, and the days expected removed.
PRUNE_CASES = {
    "keeps the newest": ([(d, {}) for d in range(1, 6)], 2, [1, 2, 3]),
    "keep one": ([(d, {}) for d in range(1, 4)], 1, [1, 2]),
    "keep more than there are": ([(d, {}) for d in range(1, 4)], 10, []),
    "keep 0 keeps all": ([(1, {}), (2, {}), (3, {"failed": True})], 0, []),
    "keep negative keeps all": ([(1, {}), (2, {})], -1, []),
    "latest is never removed": (
        [(1, {}), (2, {"latest": True}), (3, {}), (4, {})],
        1,
        [1, 3],
    ),
    "a refresh keeps the chain it needs": (
        [
            (1, {}),
            (2, {}),
            (3, {"kind": "refresh", "previous_snapshot": 2, "needs": [2]}),
            (4, {}),
            (5, {"kind": "reparse", "previous_snapshot": 3, "needs": [3, 2]}),
        ],
        1,
        [1, 4],
    ),
    "needs alone is a dependency": (
        [(1, {}), (2, {}), (3, {"kind": "reparse", "needs": [1]})],
        1,
        [2],
    ),
    "reparse_of is a dependency": (
        [(1, {}), (2, {}), (3, {"kind": "reparse", "reparse_of": 1})],
        1,
        [2],
    ),
    "a missing dependency is no obstacle": (
        [(2, {}), (3, {"kind": "refresh", "previous_snapshot": 1})],
        1,
        [2],
    ),
    "failed older than the oldest kept go, newer stay": (
        [
            (1, {"failed": True}),
            (2, {}),
            (3, {"failed": True}),
            (4, {}),
            (5, {"failed": True}),
            (6, {}),
        ],
        2,
        [1, 2, 3],
    ),
    "a failed snapshot a kept one needs stays": (
        [(1, {"failed": True}), (2, {}), (3, {"kind": "reparse", "needs": [1]})],
        1,
        [2],
    ),
    "only failed snapshots: nothing to measure by": (
        [(1, {"failed": True}), (2, {"failed": True})],
        1,
        [],
    ),
}


@pytest.mark.parametrize(("snapshots", "keep", "removed"), PRUNE_CASES.values(), ids=PRUNE_CASES)
def test_prune_snapshots(tmp_path, snapshots, keep, removed):
    out = tmp_path / "data"
    paths = {}
    for day, options in snapshots:
        options = dict(options)
        for key in ("previous_snapshot", "reparse_of"):
            if key in options:
                options[key] = sid(options[key])
        if "needs" in options:
            options["needs"] = [sid(d) for d in options["needs"]]
        paths[day] = make_snapshot(out, day, **options)
    latest_before = (out / "latest").resolve() if (out / "latest").exists() else None

    assert prune_snapshots(out, keep, dry_run=True) == [paths[d] for d in removed]
    assert all(p.exists() for p in paths.values())

    assert prune_snapshots(out, keep) == [paths[d] for d in removed]
    assert sorted(d for d, p in paths.items() if not p.exists()) == removed
    if latest_before is not None:
        assert (out / "latest").resolve() == latest_before and latest_before.exists()
    assert prune_snapshots(out, keep) == []  # nothing more to do


def test_prune_leaves_folders_that_are_not_snapshots(tmp_path):
    for day in (1, 2):
        make_snapshot(tmp_path, day)
    tmp = tmp_path / "snapshots" / ".tmp-2026-01-03T000000Z"
    stray = tmp_path / "failed" / "notes"
    tmp.mkdir()
    stray.mkdir(parents=True)
    assert prune_snapshots(tmp_path, 1) == [tmp_path / "snapshots" / sid(1)]
    assert tmp.exists() and stray.exists()


def test_prune_follows_latest_when_it_is_the_newest(tmp_path):
    for day in range(1, 4):
        make_snapshot(tmp_path, day, latest=True)
    assert prune_snapshots(tmp_path, 1) == [
        tmp_path / "snapshots" / sid(1),
        tmp_path / "snapshots" / sid(2),
    ]
    assert [i.id for i in list_snapshots(tmp_path)] == [sid(3)]
    assert list_snapshots(tmp_path)[0].latest
    assert resolve_snapshot(tmp_path, "latest") == (tmp_path / "snapshots" / sid(3)).resolve()


def test_snapshot_time_falls_back_to_the_id(tmp_path):
    path = make_snapshot(tmp_path, 1)
    (path / "manifest.json").write_text(json.dumps({"snapshot_id": sid(1)}))
    (info,) = list_snapshots(tmp_path)
    assert info.time == when(1)
    assert (info.kind, info.rows, info.complete) == ("crawl", None, True)


def test_due_rechecks_spread_over_runs_in_equal_shares():
    from datetime import datetime, timedelta, timezone

    from casecrawl.history.recheck import is_due

    crawled = datetime(2026, 1, 5, 3, 0, tzinfo=timezone.utc)
    ids = [f"case-{n}" for n in range(2800)]
    shares = []
    previous = crawled
    for week in range(1, 4):  # weekly runs, each page last fetched at the crawl
        now = crawled + timedelta(days=7 * week)
        due = sum(is_due(i, crawled, previous, now, 28) for i in ids)
        shares.append(due / len(ids))
        previous = now
    assert all(0.2 < share < 0.3 for share in shares), shares  # about 7/28 each
    now = crawled + timedelta(days=28)
    assert all(is_due(i, crawled, crawled + timedelta(days=21), now, 28) for i in ids)


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_fetch_state_written_an_entry_at_a_time_is_the_whole_json_document(tmp_path, count):
    pages = {
        f"case-{n}": PageState(
            url=f"https://www.local.gov.uk/case-studies/case-{n}",
            checked_at=datetime(2026, 1, n + 1, tzinfo=timezone.utc),
            etag='"v1"' if n % 2 else None,
            last_modified="Thu, 01 Jan 2026 00:00:00 GMT" if n == 2 else None,
            archived_in="2026-01-01T000000Z",
        )
        for n in reversed(range(count))
    }
    path = tmp_path / "fetch_state.json"

    write_fetch_state(path, pages)

    whole = {i: pages[i].to_json() for i in sorted(pages)}
    assert path.read_text("utf-8") == json.dumps(whole, indent=1) + "\n"
    read = {i: PageState.from_json(p) for i, p in json.loads(path.read_text("utf-8")).items()}
    assert read == pages
