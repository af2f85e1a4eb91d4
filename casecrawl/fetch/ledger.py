"""The run's ledger: what a crawl saw, for the manifest and the end-of-run outcome: counts,
failures, cues, rejects, and what the middlewares report (the archive, rate limits, pages
answered from an archive). One explicit record instead of attributes hung on the crawler."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field

# What reading a case-study page adds to the ledger: a worker of a parallel reparse starts
# these empty and the run's ledger absorbs what it found.
PAGE_TALLIES = (
    "detail_pages", "not_modified", "gone", "failed", "refused", "cue_failures",
    "unknown_topics", "extraction_timings",
)  # fmt: skip


@dataclass
class RunLedger:
    """Filled by the spider and the pipelines; read when the snapshot is written."""

    base_url: str
    started_at: object = None  # datetime, set by the spider
    reported_totals: list[int] = field(default_factory=list)
    page_size: int | None = None
    listing_pages: int = 0
    facet_pages: int = 0  # filtered listings walked for the taxonomy
    detail_pages: int = 0
    not_modified: int = 0  # re-checks answered 304: the row is carried forward
    teasers_seen: int = 0
    walk_ended: list[str] = field(default_factory=list)  # why the listing walk stopped early
    gone: list[str] = field(default_factory=list)  # detail URLs that answered 404/410
    failed: dict[str, str] = field(default_factory=dict)  # detail URL -> reason
    refused: dict[str, str] = field(default_factory=dict)  # detail URL -> why it was not read
    cue_failures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    rejects: list[dict] = field(default_factory=list)  # {"item": ..., "reason": ...}
    duplicates: list[str] = field(default_factory=list)
    unknown_topics: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    ambiguous_councils: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    cross_checks: dict[str, dict] = field(default_factory=dict)  # per cue, for the manifest
    cross_check_failures: list[dict] = field(default_factory=list)  # cues over their limit
    topic_count_mismatches: list[dict] = field(default_factory=list)  # topics table vs listing
    template: dict | None = None  # the site's template as read (template.json), if any
    template_source: str = ""  # learned from this run's sample, or the previous snapshot's
    # Seconds spent fetching the learning sample (while the rest waits), learning from it,
    # and in the libraries' second opinions.
    archive: object | None = None  # the run's PageArchive (ArchiveMiddleware), moved in at the end
    rate_limits: dict | None = None  # what RateLimitMiddleware saw
    replayed_pages: int = 0  # answered from an archive (a resumed run, or a reparse)
    read_in_workers: int = 0  # a reparse's case-study pages read by forked workers (--jobs)
    extraction_timings: dict[str, float] = field(
        default_factory=lambda: {"sample_wait_s": 0.0, "learning_s": 0.0, "second_opinions_s": 0.0}
    )

    @property
    def reported_total(self) -> int | None:
        """The largest total the site reported: it only grows while a crawl runs."""
        return max(self.reported_totals) if self.reported_totals else None

    def tallies_cleared(self) -> RunLedger:
        """A copy whose page tallies are empty (the rest as it stands), for a worker."""
        empty = RunLedger(self.base_url)
        return dataclasses.replace(self, **{n: getattr(empty, n) for n in PAGE_TALLIES})

    def absorb(self, other: RunLedger) -> None:
        """Add a worker's page tallies to this ledger's."""
        for name in PAGE_TALLIES:
            mine, theirs = getattr(self, name), getattr(other, name)
            if isinstance(mine, list):
                mine.extend(theirs)
            elif isinstance(mine, dict):
                for key, value in theirs.items():
                    if isinstance(value, list):
                        mine.setdefault(key, []).extend(value)
                    elif isinstance(value, str):
                        mine[key] = value
                    else:
                        mine[key] = mine.get(key, 0) + value
            else:
                setattr(self, name, mine + theirs)

    def cue_failed(self, cue: str, url: str) -> None:
        self.cue_failures[cue].append(url)
