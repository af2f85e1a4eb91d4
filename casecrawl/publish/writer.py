"""Write one snapshot folder atomically, then move `latest`.

A snapshot is published (renamed into `snapshots/` and pointed at by `latest`) only when it
is complete; otherwise it goes to `failed/` with its manifest and rejects, and `latest`
stays where it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

from casecrawl.dataset.layout import (
    ARCHIVE_NAME,
    CARD_NAME,
    FAILED,
    FETCH_STATE_NAME,
    LATEST,
    LOG_NAME,
    MANIFEST_NAME,
    PACKAGE_FILE_NAME,
    REJECTS_NAME,
    SNAPSHOTS,
    csv_name,
    parquet_name,
)
from casecrawl.history.previous import write_fetch_state
from casecrawl.publish.card import dataset_card_markdown
from casecrawl.publish.datapackage import FileFacts, data_package
from casecrawl.publish.formats import (
    TableStream,
    write_csv,
    write_json,
    write_json_lines,
    write_parquet,
)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_facts(path: Path) -> FileFacts:
    return FileFacts(path.stat().st_size, sha256_of(path))


def snapshot_id_for(started_at: datetime, out_dir: Path) -> str:
    """A sortable id from the start time (UTC), unique within out_dir."""
    base = started_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    candidate, n = base, 1
    while (out_dir / SNAPSHOTS / candidate).exists() or (out_dir / FAILED / candidate).exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


class SnapshotWriter:
    """Writes one snapshot directory atomically under `out_dir` and moves `latest`."""

    def __init__(self, out_dir: str | os.PathLike):
        self.out_dir = Path(out_dir)
        self._tmp: Path | None = None  # the folder being written, once `begin` made it
        self._streamed: dict[str, int | None] = {}

    def begin(self, snapshot_id: str) -> Path:
        """Start the snapshot's folder before it is known whether it will be published, for
        tables streamed into it (`stream`); `write` finishes it."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._tmp = self._fresh_folder(self.out_dir, snapshot_id)
        return self._tmp

    def stream(self, table: str) -> TableStream:
        """A table written batch by batch into the folder `begin` made (Parquet and CSV)."""
        assert self._tmp is not None, "begin() first"
        return TableStream(self._tmp / parquet_name(table), self._tmp / csv_name(table), table)

    def streamed(self, table: str, rows: int) -> None:
        """Record a streamed table's row count, for the manifest's files."""
        self._streamed[parquet_name(table)] = rows
        self._streamed[csv_name(table)] = rows

    def write(
        self,
        tables: dict[str, list[dict]],
        manifest: dict,
        rejects: list[dict],
        publish: bool,
        archive: tuple[Path, int] | None = None,
        pages: dict | None = None,
        log: Path | None = None,
        documents: dict[str, dict] | None = None,
    ) -> Path:
        """Write each table as Parquet and CSV, the rejects, README.md (the dataset card),
        datapackage.json and the manifest; then rename.

        `archive` is the run's WARC file and its record count: moved into a published
        snapshot, copied into a failed one (the run keeps it, to resume from). `log` is the
        run's log file, moved in as crawl.log (published or failed) while the run still writes
        to it: named in the manifest, not in its checksums, since it grows until the run ends."""
        parent = self.out_dir / (SNAPSHOTS if publish else FAILED)
        parent.mkdir(parents=True, exist_ok=True)
        final = parent / manifest["snapshot_id"]
        tmp = self._tmp or self._fresh_folder(parent, manifest["snapshot_id"])
        files = {**self._streamed, **self._write_tables(tmp, tables)}
        files.update(self._write_side_files(tmp, rejects, pages, documents))
        if archive is not None and archive[0].exists():
            files[ARCHIVE_NAME] = self._take_archive(tmp, *archive, publish)
        has_log = log is not None and log.exists()
        self._describe(tmp, files, manifest, publish, has_log)
        if has_log:  # last, so that a kill while writing leaves it where the run started it
            os.replace(log, tmp / LOG_NAME)  # the open file moves with it: later lines land here
            with contextlib.suppress(OSError):
                log.parent.rmdir()  # `logs/`, when no run that stopped early left one there
        os.replace(tmp, final)
        if publish:
            self._point_latest(final)
        return final

    @staticmethod
    def _fresh_folder(parent: Path, snapshot_id: str) -> Path:
        for stale in parent.glob(".tmp-*"):  # what a run killed while writing left behind
            shutil.rmtree(stale, ignore_errors=True)
        tmp = parent / f".tmp-{snapshot_id}"
        tmp.mkdir()
        return tmp

    @staticmethod
    def _write_tables(folder: Path, tables: dict[str, list[dict]]) -> dict[str, int | None]:
        files: dict[str, int | None] = {}
        for table, rows in tables.items():
            files[parquet_name(table)] = write_parquet(folder / parquet_name(table), table, rows)
            files[csv_name(table)] = write_csv(folder / csv_name(table), table, rows)
        return files

    @staticmethod
    def _write_side_files(folder, rejects, pages, documents) -> dict[str, int | None]:
        """The rejects, the fetch state for the next refresh, and JSON documents (template)."""
        files: dict[str, int | None] = {}
        if rejects:
            files[REJECTS_NAME] = write_json_lines(folder / REJECTS_NAME, rejects)
        if pages is not None:
            write_fetch_state(folder / FETCH_STATE_NAME, pages)
            files[FETCH_STATE_NAME] = len(pages)
        for name, document in (documents or {}).items():
            write_json(folder / name, document, indent=1)
            files[name] = None
        return files

    @staticmethod
    def _take_archive(folder: Path, path: Path, records: int, publish: bool) -> int:
        target = folder / ARCHIVE_NAME
        if publish:
            os.replace(path, target)
        else:
            # A copy, not a link: the run appends to its archive when it resumes, and a
            # snapshot's files never change once written.
            shutil.copyfile(path, target)
        return records

    @staticmethod
    def _describe(folder, files: dict, manifest: dict, publish: bool, has_log: bool) -> None:
        """The card and the package describe the files written; the manifest, written last,
        gives the checksum of every file, theirs too."""
        (folder / CARD_NAME).write_text(dataset_card_markdown(manifest, files, publish), "utf-8")
        files[CARD_NAME] = None  # not a table
        facts = {name: file_facts(folder / name) for name in files}
        package_files = {**facts, LOG_NAME: None} if has_log else facts  # the log: no hash
        write_json(folder / PACKAGE_FILE_NAME, data_package(manifest, package_files, publish))
        files[PACKAGE_FILE_NAME] = None
        facts[PACKAGE_FILE_NAME] = file_facts(folder / PACKAGE_FILE_NAME)
        manifest = {
            **manifest,
            "files": {name: {"sha256": facts[name].sha256, "rows": n} for name, n in files.items()},
            "log_file": LOG_NAME if has_log else None,
        }
        write_json(folder / MANIFEST_NAME, manifest)

    def _point_latest(self, snapshot: Path) -> None:
        """`latest` is a relative symlink to the snapshot, swapped in one rename."""
        latest = self.out_dir / LATEST
        tmp = self.out_dir / ".latest.tmp"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        tmp.symlink_to(snapshot.relative_to(self.out_dir))
        os.replace(tmp, latest)
