"""Run one crawl in this process and return what the snapshot pipeline recorded."""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.log import failure_to_exc_info

from casecrawl.dataset import SnapshotFolder
from casecrawl.dataset.layout import ARCHIVE_NAME
from casecrawl.fetch.spiders.case_studies import CaseStudiesSpider
from casecrawl.history.recheck import POLICIES
from casecrawl.run.log import level_number

logger = logging.getLogger(__name__)


def crawl_settings(
    base_url: str | None = None,
    out_dir: str | None = None,
    concurrency: int | None = None,
    delay: float | None = None,
    log_level: str | None = None,
    kind: str = "crawl",
    recheck: str | None = None,
) -> Settings:
    """casecrawl.settings with the command line's overrides applied.

    `kind` is crawl or refresh; both build on `<out>/latest` when there is one (history and
    changes; a refresh also fetches only what is new or due, by `recheck`): the spider finds
    it (CASECRAWL_PREVIOUS "auto"), so `scrapy crawl case_studies` does the same."""
    settings = Settings()
    settings.setmodule("casecrawl.settings", priority="project")
    overrides = {"CASECRAWL_RUN_KIND": kind}
    if recheck is not None:
        if recheck not in POLICIES:
            raise ValueError(f"--recheck {recheck!r}: choose one of {', '.join(POLICIES)}")
        overrides["CASECRAWL_RECHECK"] = recheck
    if base_url:
        overrides["CASECRAWL_BASE_URL"] = base_url
    if out_dir:
        overrides["CASECRAWL_OUT_DIR"] = out_dir
    if concurrency is not None:
        if concurrency < 1:
            raise ValueError(f"--concurrency must be at least 1, got {concurrency}")
        overrides["CONCURRENT_REQUESTS"] = concurrency
        overrides["CONCURRENT_REQUESTS_PER_DOMAIN"] = concurrency
    if delay is not None:
        if delay < 0:
            raise ValueError(f"--delay must not be negative, got {delay}")
        overrides["DOWNLOAD_DELAY"] = delay
        # No delay asked for (the local replica): AutoThrottle would add one back.
        overrides["AUTOTHROTTLE_ENABLED"] = delay > 0
    if log_level:
        try:
            level_number(log_level)
        except ValueError as error:
            raise ValueError(f"--log-level: {error}") from None
        overrides["LOG_LEVEL"] = log_level.upper()
    settings.setdict(overrides, priority="cmdline")
    return settings


def run_crawl(settings: Settings) -> dict:
    """Crawl with these settings; the manifest of the snapshot written (published or not)."""
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(CaseStudiesSpider)
    # An error that stops the crawl goes to the log (file and console) while it is set up,
    # not to Twisted's "Unhandled error" at exit.
    process.crawl(crawler).addErrback(
        lambda failure: logger.error(
            "The crawl failed: %s", failure.getErrorMessage(), exc_info=failure_to_exc_info(failure)
        )
    )
    process.start()
    result = getattr(crawler.spider, "result", None)
    if result is None:
        raise RuntimeError("the crawl stopped before writing a snapshot")
    return result


def reparse_settings(source: Path, out_dir: str, log_level: str | None = None) -> Settings:
    """A rebuild of `source` from the archived pages alone: the network is never used.

    The same walk and the same previous snapshot as the source, every case-study page read
    again from its newest archived copy (in the source or the snapshots it needs), and the
    source's time, so that unchanged extraction code gives back the source's rows. The source
    stays: the rebuilt snapshot needs its archive."""
    manifest = SnapshotFolder(source).manifest()
    folders = {p.name: p for p in source.parent.iterdir()} if source.parent.exists() else {}
    needs = [n for n in manifest.get("needs", []) if n != manifest["snapshot_id"]]
    missing = [n for n in needs if not (folders.get(n, Path("-")) / ARCHIVE_NAME).exists()]
    if missing:
        raise ValueError(
            f"cannot reparse {source}: the archives of {', '.join(missing)} are missing"
        )
    archives = [folders[n] / ARCHIVE_NAME for n in needs]
    if (source / ARCHIVE_NAME).exists():  # a reparse has none of its own: its source has
        archives.append(source / ARCHIVE_NAME)
    if not archives:
        raise ValueError(f"cannot reparse {source}: it has no archived pages")
    previous = manifest.get("previous_snapshot")
    settings = crawl_settings(manifest["base_url"], out_dir, None, None, log_level, kind="reparse")
    settings.setdict(
        {
            "CASECRAWL_REPLAY": [str(a) for a in archives],
            "CASECRAWL_ARCHIVE": False,
            "CASECRAWL_PREVIOUS": str(source.parent / previous) if previous else "",
            "CASECRAWL_REPARSE_SOURCE": manifest["snapshot_id"],
            "CASECRAWL_SNAPSHOT_TIME": manifest.get("snapshot_time") or manifest["started_at"],
            "CASECRAWL_WALK": manifest.get("walk", "full"),
            "CASECRAWL_ALLOW_DISAGREEMENT": manifest.get("allowed_disagreement", {}),
            # The same listing walks as the source: its facet and date pages are archived.
            "CASECRAWL_FACETS": bool(manifest.get("facets_walked")),
            "CASECRAWL_FILTER": manifest.get("filter") or {},
            # Every page queued at once: the parallel reparse splits them among its workers.
            "CASECRAWL_FEED_WINDOW": 0,
        },
        priority="cmdline",
    )
    return settings
