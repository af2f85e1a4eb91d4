"""The last pipeline: keeps accepted items on disk (an ItemSpool) and, when the spider
closes, hands them to casecrawl.publish, which assembles the tables a batch at a time,
decides completeness and writes the snapshot."""

from __future__ import annotations

import contextlib
import logging
import shutil
from datetime import datetime, timezone
from pathlib import Path

from casecrawl.dataset.layout import LINKS_TABLE, LOG_NAME, MAIN_TABLE, TEMPLATE_NAME
from casecrawl.publish.assemble import CrawlRecord, assemble_snapshot, fetch_state, needed_snapshots
from casecrawl.publish.completeness import assess
from casecrawl.publish.manifest import (
    ExtractionCounts,
    build_manifest,
    identity,
    parse_time,
)
from casecrawl.publish.spool import ItemSpool
from casecrawl.publish.writer import SnapshotWriter, snapshot_id_for
from pipelines import CrawlerPipeline

logger = logging.getLogger(__name__)


class SnapshotPipeline(CrawlerPipeline):
    """Spools the items, then at close decides completeness and writes the snapshot."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.out_dir = Path(crawler.settings.get("CASECRAWL_OUT_DIR"))
        self.items = ItemSpool()
        self.positions: dict[str, int] = {}  # id -> place in the walk, as collected
        self.hrefs: dict[str, str] = {}  # topic name -> its page, from the items
        self.extraction = ExtractionCounts()  # what the items say of their extraction

    def process_item(self, item):
        self.items.add(item)
        self.positions[item["id"]] = item["listing_position"]
        self.hrefs.update(item.get("topic_hrefs", {}))
        self.extraction.add(item)
        return item

    def close_spider(self):
        record = CrawlRecord.from_spider(self.spider)
        ledger, settings = record.ledger, self.crawler.settings
        finished_at = datetime.now(timezone.utc)
        # A reparse keeps its source's time, so that its rows equal the source's.
        snapshot_time = parse_time(settings.get("CASECRAWL_SNAPSHOT_TIME")) or ledger.started_at
        snapshot_id = snapshot_id_for(ledger.started_at, self.out_dir)
        writer = SnapshotWriter(self.out_dir)
        writer.begin(snapshot_id)
        stream, link_stream = writer.stream(MAIN_TABLE), writer.stream(LINKS_TABLE)
        try:
            assembled = assemble_snapshot(
                self.items, self.positions, self.hrefs, record, snapshot_time, stream, link_stream
            )
        finally:
            writer.streamed(MAIN_TABLE, stream.close())
            writer.streamed(LINKS_TABLE, link_stream.close())
            self.items.close()
        stats = self.crawler.stats.get_stats()
        if stats.get("casecrawl/stopped"):  # a rate limit beyond the cap stopped the crawl
            ledger.cue_failed("stopped", stats["casecrawl/stopped"])
        verdict = assess(ledger, set(assembled.ids), set(record.positions))
        pages = fetch_state(record, assembled.ids, snapshot_id)
        manifest = build_manifest(
            record, assembled, verdict,
            identity=identity(
                snapshot_id, ledger, finished_at, snapshot_time,
                needed_snapshots(pages, snapshot_id),
            ),
            stats=stats, settings=settings, extraction=self.extraction,
        )  # fmt: skip
        path = self.write(writer, assembled.tables, manifest, record, pages, verdict.complete)
        log_file = LOG_NAME if (path / LOG_NAME).exists() else None
        self.spider.result = {**manifest, "log_file": log_file, "path": str(path)}
        if verdict.complete:
            logger.info("Snapshot %s published: %d case studies", path, len(assembled.ids))
        else:
            logger.error("Snapshot NOT published (kept in %s): %s", path, verdict.missing)

    def write(self, writer, tables, manifest, record: CrawlRecord, pages, complete: bool) -> Path:
        """The snapshot folder, with the run's archive and log moved in; a published one
        leaves nothing of the run to resume."""
        ledger, settings = record.ledger, self.crawler.settings
        archive = ledger.archive
        if archive is not None:
            archive.close()  # every response is in; the file moves into the snapshot
        run_log = settings.get("CASECRAWL_RUN_LOG")
        path = writer.write(
            tables,
            manifest,
            ledger.rejects,
            complete,
            (archive.path, archive.records) if archive is not None else None,
            pages,
            Path(run_log) if run_log else None,
            {TEMPLATE_NAME: ledger.template} if ledger.template else None,
        )
        if complete and archive is not None:
            shutil.rmtree(archive.path.parent, ignore_errors=True)
            with contextlib.suppress(OSError):
                archive.path.parent.parent.rmdir()  # `partial/`, when no other run is pending
        return path
