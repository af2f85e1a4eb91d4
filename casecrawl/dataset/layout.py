"""Every name in an output folder, once: the snapshot's files and the folders around them.

<out>/snapshots/<id>/   a published snapshot     <out>/latest -> snapshots/<id>
<out>/failed/<id>/      one not published        <out>/partial/<kind>-<host>/  a run to resume
<out>/logs/             the log of a run under way
"""

from __future__ import annotations

from pathlib import Path

SNAPSHOTS = "snapshots"
FAILED = "failed"
LATEST = "latest"
PARTIAL = "partial"
LOGS_FOLDER = "logs"

MANIFEST_NAME = "manifest.json"
CARD_NAME = "README.md"  # the dataset card
PACKAGE_FILE_NAME = "datapackage.json"
REJECTS_NAME = "rejects.jsonl"
FETCH_STATE_NAME = "fetch_state.json"  # each case study's last fetch, for the next refresh
TEMPLATE_NAME = "template.json"  # where each field lives on the site's pages, as learned
ARCHIVE_NAME = "pages.warc.gz"  # every response of the run
LOG_NAME = "crawl.log"
MAIN_TABLE = "case_studies"
LINKS_TABLE = "case_study_councils"  # one row per case study and council it names


def parquet_name(table: str) -> str:
    return f"{table}.parquet"


def csv_name(table: str) -> str:
    return f"{table}.csv"


def table_of(file_name: str) -> str | None:
    """The table a Parquet file name holds, else None."""
    return file_name.removesuffix(".parquet") if file_name.endswith(".parquet") else None


def is_snapshot(path: Path) -> bool:
    """A folder holding a snapshot (published or not)."""
    return path.is_dir() and (
        (path / MANIFEST_NAME).is_file() or (path / parquet_name(MAIN_TABLE)).is_file()
    )
