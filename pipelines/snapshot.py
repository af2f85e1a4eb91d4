"""Write the dated snapshot: Parquet + CSV, its card and data package, its manifest,
atomically, then move `latest`.

A snapshot is published (renamed into `snapshots/` and pointed at by `latest`) only
when it is complete; otherwise it goes to `failed/` with its manifest and rejects,
and `latest` stays where it was.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from casecrawl import __version__
from casecrawl.archive import ARCHIVE_NAME
from casecrawl.councils.register import REGISTER_CREDIT
from casecrawl.previous import FETCH_STATE_NAME, TEMPLATE_NAME, write_fetch_state
from casecrawl.report import CrawlReport
from casecrawl.runlog import LOG_NAME
from casecrawl.urls import case_study_slug
from pipelines.datapackage import (
    CARD_NAME,
    MANIFEST_NAME,
    PACKAGE_FILE_NAME,
    REJECTS_NAME,
    FileFacts,
    data_package,
)
from pipelines.dataset_card import dataset_card_markdown
from pipelines.history import apply_history, changes_between, count_changes
from pipelines.schema import (
    CSV_FORMULA_STARTS,
    CSV_LIST_SEPARATOR,
    CSV_SECTION_SEPARATOR,
    SCHEMA_VERSION,
    TABLES,
    arrow_schema,
    is_text,
)
from pipelines.taxonomy import Taxonomy, apply_taxonomy, topics_table

logger = logging.getLogger(__name__)


def assign_listing_ranks(items: list[dict], order: str) -> list[dict]:
    """Rows newest first with `listing_rank` 0..n-1, from each item's place in the walk."""
    newest_first = sorted(items, key=lambda i: i["listing_position"], reverse=(order == "ASC"))
    return [{**item, "listing_rank": rank} for rank, item in enumerate(newest_first)]


def csv_value(column: str, value) -> str:
    """One cell as the CSV shows it: lists joined with '; ', sections as 'Heading: text' blocks."""
    if value is None:
        return ""
    if column == "sections":
        return CSV_SECTION_SEPARATOR.join(
            f"{s['heading']}: {s['text']}" if s["heading"] else s["text"] for s in value
        )
    if isinstance(value, list):  # a null ID in a list of IDs is an empty element
        return CSV_LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def spreadsheet_safe(cell: str) -> str:
    """A text cell a spreadsheet would take for a formula, shown as text instead (OWASP's
    advice on CSV injection: a leading single quote). Parquet keeps the raw value."""
    return f"'{cell}" if cell.startswith(CSV_FORMULA_STARTS) else cell


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_facts(path: Path) -> FileFacts:
    return FileFacts(path.stat().st_size, sha256_of(path))


@dataclass
class Completeness:
    """Whether a crawl may be published, and what is missing if not."""

    expected: int | None
    written: int
    missing: list[dict] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.expected is not None and self.expected > 0 and not self.missing


def assess(report: CrawlReport, written_ids: set[str], listing_slugs: set[str]) -> Completeness:
    """Compare what was written with what the site reported, and explain every gap."""
    total = report.reported_total
    missing: list[dict] = []
    for cue, urls in report.cue_failures.items():
        missing.append({"reason": f"cue '{cue}' failed on {len(urls)} page(s)", "urls": urls[:20]})
    missing += report.cross_check_failures
    missing += report.topic_count_mismatches
    if total is None:
        return Completeness(
            None, len(written_ids), missing or [{"reason": "no listing total was read"}]
        )
    # Pages gone (404/410) and pages refused (too large to read) are listed, not waited for.
    expected = total - len(report.gone) - len(report.refused)
    for url, reason in report.failed.items():
        missing.append({"reason": f"detail page failed: {reason}", "urls": [url]})
    for reject in report.rejects:
        missing.append({"reason": f"rejected: {reject['reason']}", "urls": [reject["url"]]})
    shortfall = total - len(listing_slugs)
    if shortfall > 0:
        missing.append(
            {"reason": f"{shortfall} case studies reported but not found on any listing page"}
        )
    if len(written_ids) < expected and not missing:
        missing.append({"reason": f"{expected - len(written_ids)} case studies not written"})
    return Completeness(expected, len(written_ids), missing)


class SnapshotWriter:
    """Writes one snapshot directory atomically under `out_dir` and moves `latest`."""

    def __init__(self, out_dir: str | os.PathLike):
        self.out_dir = Path(out_dir)

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
        snapshot_id = manifest["snapshot_id"]
        parent = self.out_dir / ("snapshots" if publish else "failed")
        parent.mkdir(parents=True, exist_ok=True)
        final = parent / snapshot_id
        for stale in parent.glob(".tmp-*"):  # what a run killed while writing left behind
            shutil.rmtree(stale, ignore_errors=True)
        tmp = parent / f".tmp-{snapshot_id}"
        tmp.mkdir()
        files = {}
        for table, rows in tables.items():
            files[f"{table}.parquet"] = self._write_parquet(tmp / f"{table}.parquet", table, rows)
            files[f"{table}.csv"] = self._write_csv(tmp / f"{table}.csv", table, rows)
        if rejects:
            files[REJECTS_NAME] = self._write_rejects(tmp / REJECTS_NAME, rejects)
        if pages is not None:
            write_fetch_state(tmp / FETCH_STATE_NAME, pages)
            files[FETCH_STATE_NAME] = len(pages)
        for name, document in (documents or {}).items():  # template.json
            (tmp / name).write_text(json.dumps(document, indent=1, default=str) + "\n", "utf-8")
            files[name] = None
        if archive is not None and archive[0].exists():
            path, records = archive
            target = tmp / ARCHIVE_NAME
            if publish:
                os.replace(path, target)
            else:
                _copy(path, target)
            files[ARCHIVE_NAME] = records
        # The card and the package describe the files above; the manifest, written last,
        # gives the checksum of every file, theirs too.
        (tmp / CARD_NAME).write_text(dataset_card_markdown(manifest, files, publish), "utf-8")
        files[CARD_NAME] = None  # not a table
        facts = {name: file_facts(tmp / name) for name in files}
        has_log = log is not None and log.exists()
        package_files = {**facts, LOG_NAME: None} if has_log else facts  # the log: no hash
        package = data_package(manifest, package_files, publish)
        (tmp / PACKAGE_FILE_NAME).write_text(json.dumps(package, indent=2) + "\n", "utf-8")
        files[PACKAGE_FILE_NAME] = None
        facts[PACKAGE_FILE_NAME] = file_facts(tmp / PACKAGE_FILE_NAME)
        manifest = {
            **manifest,
            "files": {name: {"sha256": facts[name].sha256, "rows": n} for name, n in files.items()},
            "log_file": LOG_NAME if has_log else None,
        }
        (tmp / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, default=str) + "\n")
        if has_log:  # last, so that a kill while writing leaves it where the run started it
            os.replace(log, tmp / LOG_NAME)  # the open file moves with it: later lines land here
            with contextlib.suppress(OSError):
                log.parent.rmdir()  # `logs/`, when no run that stopped early left one there
        os.replace(tmp, final)
        if publish:
            self._point_latest(final)
        return final

    def _write_parquet(self, path: Path, table: str, rows: list[dict]) -> int:
        names = [c.name for c in TABLES[table]]
        columns = {name: [row.get(name) for row in rows] for name in names}
        arrow_table = pa.Table.from_pydict(columns, schema=arrow_schema(table))
        pq.write_table(arrow_table, path)
        return arrow_table.num_rows

    def _write_csv(self, path: Path, table: str, rows: list[dict]) -> int:
        names = [c.name for c in TABLES[table]]
        texts = {c.name for c in TABLES[table] if is_text(c.type)}
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")  # RFC 4180
            writer.writerow(names)
            for row in rows:
                writer.writerow(
                    [
                        spreadsheet_safe(cell) if name in texts else cell
                        for name in names
                        for cell in [csv_value(name, row.get(name))]
                    ]
                )
        return len(rows)

    def _write_rejects(self, path: Path, rejects: list[dict]) -> int:
        with path.open("w", encoding="utf-8") as handle:
            for reject in rejects:
                handle.write(json.dumps(reject, default=str, ensure_ascii=False) + "\n")
        return len(rejects)

    def _point_latest(self, snapshot: Path) -> None:
        """`latest` is a relative symlink to the snapshot, swapped in one rename."""
        latest = self.out_dir / "latest"
        tmp = self.out_dir / ".latest.tmp"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        tmp.symlink_to(snapshot.relative_to(self.out_dir))
        os.replace(tmp, latest)


def _copy(source: Path, target: Path) -> None:
    """A copy, not a link: the run appends to its archive when it resumes, and a snapshot's
    files never change once written."""
    shutil.copyfile(source, target)


def snapshot_id_for(started_at: datetime, out_dir: Path) -> str:
    """A sortable id from the start time (UTC), unique within out_dir."""
    base = started_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H%M%SZ")
    candidate, n = base, 1
    while (out_dir / "snapshots" / candidate).exists() or (out_dir / "failed" / candidate).exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


class SnapshotPipeline:
    """Collects the items, then at close decides completeness and writes the snapshot."""

    def __init__(self, out_dir: str, order: str):
        self.out_dir = Path(out_dir)
        self.order = order
        self.items: list[dict] = []

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        pipeline = cls(
            settings.get("CASECRAWL_OUT_DIR"), settings.get("CASECRAWL_LISTING_ORDER").upper()
        )
        pipeline.crawler = crawler
        return pipeline

    def process_item(self, item):
        self.items.append(item)
        return item

    def close_spider(self):
        spider = self.crawler.spider
        report: CrawlReport = spider.report
        settings = self.crawler.settings
        previous = spider.previous
        finished_at = datetime.now(timezone.utc)
        rows = [
            {**item, "listing_position": spider.positions.get(item["id"], item["listing_position"])}
            for item in self.items
        ]
        rows = assign_listing_ranks(rows + self.carried_rows(spider), spider.rank_order)
        taxonomy = Taxonomy(
            options=spider.options,
            members=dict(spider.members) if spider.facets_on else {},
            reported=spider.facet_totals if spider.facets_on else {},
            created_month=spider.created_month,
            # Explained differences: pages gone (404/410) or refused (too large).
            gone={case_study_slug(u, spider.base_url) for u in [*report.gone, *report.refused]},
        )
        rows, topic_disagreements = apply_taxonomy(rows, taxonomy, previous.rows)
        hrefs = {k: v for item in self.items for k, v in item.get("topic_hrefs", {}).items()}
        topics, report.topic_count_mismatches = topics_table(rows, taxonomy, hrefs, previous.topics)
        stats = self.crawler.stats.get_stats()
        if stats.get("casecrawl/stopped"):  # a rate limit beyond the cap stopped the crawl
            report.cue_failed("stopped", stats["casecrawl/stopped"])
        verdict = assess(report, {r["id"] for r in rows}, set(spider.positions))
        statuses = {
            key.rsplit("/", 1)[-1]: value
            for key, value in stats.items()
            if key.startswith("downloader/response_status_count/")
        }
        # A reparse keeps its source's time, so that its rows equal the source's.
        snapshot_time = _time(settings.get("CASECRAWL_SNAPSHOT_TIME")) or report.started_at
        rows, removed = apply_history(
            rows, list(previous.rows.values()), previous.removed, snapshot_time,
            previous_time=previous.time,
        )  # fmt: skip
        changes = changes_between(list(previous.rows.values()), rows)
        snapshot_id = snapshot_id_for(report.started_at, self.out_dir)
        replay = getattr(self.crawler, "page_replay", None)
        pages = self.fetch_state(spider, rows, snapshot_id)
        manifest = {
            "snapshot_id": snapshot_id,
            "kind": spider.kind,
            "complete": verdict.complete,
            "started_at": report.started_at.isoformat(),
            "finished_at": finished_at.isoformat(),
            "snapshot_time": snapshot_time.isoformat(),
            "previous_snapshot": previous.snapshot_id,
            # Snapshots whose archives hold pages this one's rows come from (carried rows).
            "needs": self.needs(pages, snapshot_id),
            "reparse_of": settings.get("CASECRAWL_REPARSE_SOURCE") or None,
            "base_url": report.base_url,
            "walk": spider.walk,
            "recheck": spider.recheck,
            "reported_total": report.reported_total,
            "reported_totals_seen": sorted(set(report.reported_totals)),
            "page_size": report.page_size,
            "listing_pages_fetched": report.listing_pages,
            "detail_pages_fetched": report.detail_pages,
            "not_modified": report.not_modified,
            "carried_forward": len(spider.carried),
            "responses_by_status": statuses,
            "requests_sent": stats.get("downloader/request_count", 0),
            "bytes_received": stats.get("downloader/response_bytes", 0),
            "items_written": len(rows) if verdict.complete else 0,
            "items_collected": len(rows),
            "expected_items": verdict.expected,
            "changes": count_changes(changes),
            "filter": spider.filter or None,
            "facets_walked": taxonomy.walked,
            "facet_pages_fetched": report.facet_pages,
            "topic_disagreements": topic_disagreements,
            "topic_count_mismatches": report.topic_count_mismatches,
            "date_walk": spider.date_walk,
            "politeness": politeness(settings),
            "rate_limits": getattr(self.crawler, "rate_limits", None),
            "retries": stats.get("retry/count", 0),
            "offsite_dropped": stats.get("casecrawl/offsite_dropped", 0),
            "stopped": stats.get("casecrawl/stopped"),
            "gone": report.gone,
            "refused": report.refused,
            "missing": verdict.missing,
            "rejects": len(report.rejects),
            "duplicates": report.duplicates,
            "walk_ended": report.walk_ended,
            "cue_failures": {
                cue: {"count": len(u), "examples": u[:20]} for cue, u in report.cue_failures.items()
            },
            "cross_checks": report.cross_checks,
            "extraction": extraction_summary(report, self.items),
            "allowed_disagreement": settings.getdict("CASECRAWL_ALLOW_DISAGREEMENT"),
            "unknown_topics": dict(report.unknown_topics),
            "ambiguous_councils": dict(report.ambiguous_councils),
            "replayed_pages": replay.replayed if replay is not None else 0,
            "council_register": REGISTER_CREDIT,
            "casecrawl_version": __version__,
            "schema_version": SCHEMA_VERSION,
        }
        tables = {
            "case_studies": rows,
            "case_study_councils": self.link_rows(rows, previous),
            "removed": removed,
            "changes": changes,
            "topics": topics,
        }
        archive = getattr(self.crawler, "page_archive", None)
        if archive is not None:
            archive.close()  # every response is in; the file moves into the snapshot
        path = SnapshotWriter(self.out_dir).write(
            tables,
            manifest,
            report.rejects,
            verdict.complete,
            (archive.path, archive.records) if archive is not None else None,
            pages,
            Path(settings.get("CASECRAWL_RUN_LOG")) if settings.get("CASECRAWL_RUN_LOG") else None,
            {TEMPLATE_NAME: report.template} if report.template else None,
        )
        if verdict.complete and archive is not None:
            shutil.rmtree(archive.path.parent, ignore_errors=True)  # nothing left to resume
            with contextlib.suppress(OSError):
                archive.path.parent.parent.rmdir()  # `partial/`, when no other run is pending
        log_file = LOG_NAME if (path / LOG_NAME).exists() else None
        spider.result = {**manifest, "log_file": log_file, "path": str(path)}
        if verdict.complete:
            logger.info("Snapshot %s published: %d case studies", path, len(rows))
        else:
            logger.error("Snapshot NOT published (kept in %s): %s", path, verdict.missing)

    @staticmethod
    def fetch_state(spider, rows: list[dict], snapshot_id: str) -> dict:
        """Each row's last fetch: this run's, else the previous snapshot's (carried rows)."""
        pages = {}
        for row in rows:
            state = spider.pages.get(row["id"]) or spider.previous.pages.get(row["id"])
            if state is not None:
                archived_in = snapshot_id if state.archived_in == "" else state.archived_in
                pages[row["id"]] = dataclasses.replace(state, archived_in=archived_in)
        return pages

    @staticmethod
    def carried_rows(spider) -> list[dict]:
        """Known rows carried forward unchanged (not due, or answered 304), at their new place."""
        return [
            {**spider.previous.rows[slug], "listing_position": spider.positions.get(slug, 0)}
            for slug in sorted(spider.carried)
            if slug in spider.previous.rows
        ]

    @staticmethod
    def link_rows(rows: list[dict], previous) -> list[dict]:
        """case_study_councils: what the council pipeline attached to each new item, and the
        previous snapshot's links of each carried row."""
        links = []
        for row in rows:
            if "council_links" in row:
                links += row["council_links"]
            else:
                links += previous.council_links.get(row["id"], [])
        return links

    @staticmethod
    def needs(pages: dict, snapshot_id: str) -> list[str]:
        """The other snapshots whose archives hold the pages this one's rows come from (rows
        carried forward, or re-read by a reparse): they must be kept while this one is."""
        return sorted({p.archived_in for p in pages.values() if p.archived_in} - {snapshot_id})


def extraction_summary(report: CrawlReport, items: list[dict]) -> dict:
    """Where the fields came from: the template (learned, or the previous snapshot's), how
    many pages each field was placed on by it or by the per-page rules, and what the sample
    could not place; the agreement per field is in `cross_checks`."""
    placed: dict[str, dict[str, int]] = {}
    for item in items:
        for name, by in item.get("placed", {}).items():
            placed.setdefault(name, {}).setdefault(by, 0)
            placed[name][by] += 1
    template = report.template or {}
    return {
        "template": report.template_source,
        "template_file": TEMPLATE_NAME if report.template else None,
        "sample_pages": template.get("sample_pages", 0),
        "unplaced": {
            name: entry["unplaced"]
            for name, entry in template.get("fields", {}).items()
            if entry.get("unplaced")
        },
        "placed": placed,
        "spot_checked": sum(1 for item in items if item.get("opinions") is not None),
        "timings": {k: round(v, 3) for k, v in report.extraction_timings.items()},
    }


def politeness(settings) -> dict:
    """How gently the run asked: what the dataset card reports of the crawl."""
    return {
        "user_agent": settings.get("USER_AGENT"),
        "robots_txt_obeyed": settings.getbool("ROBOTSTXT_OBEY"),
        "concurrent_requests_per_domain": settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
        "download_delay": settings.getfloat("DOWNLOAD_DELAY"),
        "autothrottle": settings.getbool("AUTOTHROTTLE_ENABLED"),
    }


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
