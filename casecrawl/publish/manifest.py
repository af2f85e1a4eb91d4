"""The snapshot's manifest: what the run was, what it fetched, what it found and what it
could not use, for the dataset card, the next run and anyone checking the data."""

from __future__ import annotations

from datetime import datetime

from casecrawl import __version__
from casecrawl.councils.register import REGISTER_CREDIT
from casecrawl.dataset.layout import TEMPLATE_NAME
from casecrawl.dataset.schema import SCHEMA_VERSION
from casecrawl.fetch.ledger import RunLedger
from casecrawl.history.changes import count_changes
from casecrawl.publish.assemble import Assembled, CrawlRecord
from casecrawl.publish.completeness import Completeness


def build_manifest(
    record: CrawlRecord,
    assembled: Assembled,
    verdict: Completeness,
    *,
    identity: dict,
    stats: dict,
    settings,
    extraction: ExtractionCounts,
) -> dict:
    """The manifest, but for `files` and `log_file` (the writer adds them). `identity`:
    snapshot_id, started/finished/snapshot times, the snapshot's needs."""
    return {
        **identity,
        "kind": record.kind,
        "complete": verdict.complete,
        "previous_snapshot": record.previous.snapshot_id,
        "reparse_of": settings.get("CASECRAWL_REPARSE_SOURCE") or None,
        "base_url": record.ledger.base_url,
        "walk": record.walk,
        "recheck": record.recheck,
        **walk_counts(record, assembled, verdict, stats),
        "changes": count_changes(assembled.tables["changes"]),
        "filter": record.filter or None,
        "facets_walked": assembled.facets_walked,
        "facet_pages_fetched": record.ledger.facet_pages,
        "facet_membership": facet_membership(record.facet_membership),
        "topic_disagreements": assembled.topic_disagreements,
        "topic_count_mismatches": record.ledger.topic_count_mismatches,
        "date_walk": record.date_walk,
        "politeness": politeness(settings),
        "rate_limits": record.ledger.rate_limits
        and {**record.ledger.rate_limits, "held": stats.get("casecrawl/held_for_retry_after", 0)},
        "retries": stats.get("retry/count", 0),
        "offsite_dropped": stats.get("casecrawl/offsite_dropped", 0),
        "stopped": stats.get("casecrawl/stopped"),
        **what_was_missing(record.ledger, verdict),
        "cross_checks": record.ledger.cross_checks,
        "extraction": extraction_summary(record.ledger, extraction),
        "allowed_disagreement": settings.getdict("CASECRAWL_ALLOW_DISAGREEMENT"),
        "unknown_topics": dict(record.ledger.unknown_topics),
        "ambiguous_councils": dict(record.ledger.ambiguous_councils),
        "council_sources": assembled.council_sources,
        "replayed_pages": record.ledger.replayed_pages,
        "read_in_workers": record.ledger.read_in_workers,
        "council_register": REGISTER_CREDIT,
        "casecrawl_version": __version__,
        "schema_version": SCHEMA_VERSION,
    }


def identity(snapshot_id: str, ledger: RunLedger, finished_at, snapshot_time, needs) -> dict:
    return {
        "snapshot_id": snapshot_id,
        "started_at": ledger.started_at.isoformat(),
        "finished_at": finished_at.isoformat(),
        "snapshot_time": snapshot_time.isoformat(),
        # Snapshots whose archives hold pages this one's rows come from (carried rows).
        "needs": needs,
    }


def walk_counts(record, assembled: Assembled, verdict: Completeness, stats: dict) -> dict:
    """What the walk saw and fetched, and how many rows came of it."""
    ledger, rows = record.ledger, assembled.ids
    statuses = {
        key.rsplit("/", 1)[-1]: value
        for key, value in stats.items()
        if key.startswith("downloader/response_status_count/")
    }
    return {
        "reported_total": ledger.reported_total,
        "reported_totals_seen": sorted(set(ledger.reported_totals)),
        "page_size": ledger.page_size,
        "listing_pages_fetched": ledger.listing_pages,
        "detail_pages_fetched": ledger.detail_pages,
        "not_modified": ledger.not_modified,
        "carried_forward": len(record.carried),
        "responses_by_status": statuses,
        "requests_sent": stats.get("downloader/request_count", 0),
        "bytes_received": stats.get("downloader/response_bytes", 0),
        "items_written": len(rows) if verdict.complete else 0,
        "items_collected": len(rows),
        "expected_items": verdict.expected,
    }


def what_was_missing(ledger: RunLedger, verdict: Completeness) -> dict:
    return {
        "gone": ledger.gone,
        "refused": ledger.refused,
        "missing": verdict.missing,
        "rejects": len(ledger.rejects),
        "duplicates": ledger.duplicates,
        "walk_ended": ledger.walk_ended,
        "cue_failures": {
            cue: {"count": len(u), "examples": u[:20]} for cue, u in ledger.cue_failures.items()
        },
    }


class ExtractionCounts:
    """What the items said of their extraction, counted as they pass (not held)."""

    def __init__(self):
        self.placed: dict[str, dict[str, int]] = {}  # field -> {'template': n, ...}
        self.spot_checked = 0

    def add(self, item: dict) -> None:
        for name, by in item.get("placed", {}).items():
            self.placed.setdefault(name, {}).setdefault(by, 0)
            self.placed[name][by] += 1
        self.spot_checked += item.get("opinions") is not None


def extraction_summary(report: RunLedger, counts: ExtractionCounts) -> dict:
    """Where the fields came from: the template (learned, or the previous snapshot's), how
    many pages each field was placed on by it or by the per-page rules, and what the sample
    could not place; the agreement per field is in `cross_checks`."""
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
        "placed": counts.placed,
        "spot_checked": counts.spot_checked,
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


def parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def facet_membership(how: dict) -> dict:
    """How each filter option's members were learned, for the manifest: "topic 2446" ->
    "pages: ..." or "walked: why"; and the totals, so a reader sees what was walked."""
    entries = {f"{kind} {option_id}": text for (kind, option_id), text in sorted(how.items())}
    walked = sum(text.startswith("walked") for text in entries.values())
    return {"from_pages": len(entries) - walked, "walked": walked, "options": entries}
