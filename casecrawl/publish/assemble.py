"""The snapshot's tables from what the run collected: rows ranked as the listing shows them,
topics from the taxonomy, history against the previous snapshot, council links."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime

from casecrawl.fetch.ledger import RunLedger
from casecrawl.history.changes import apply_history, changes_between
from casecrawl.history.previous import PreviousSnapshot
from casecrawl.publish.taxonomy import Taxonomy, apply_taxonomy, topics_table
from casecrawl.urls import case_study_slug


@dataclass
class CrawlRecord:
    """What a run hands to publishing, named: its ledger, the walk's places and fetches, the
    facet walks, and the previous snapshot it builds on. Built once, from the spider, by
    `from_spider`: the one place that reads the spider's state."""

    ledger: RunLedger
    previous: PreviousSnapshot
    base_url: str
    kind: str
    walk: str
    recheck: str
    rank_order: str
    filter: dict
    positions: dict[str, int]  # slug -> place in the walk
    carried: set[str]  # known case studies whose row is carried forward
    fetches: dict  # slug -> this run's fetch of its page (PageState)
    facets_on: bool = False
    options: dict = field(default_factory=dict)
    members: dict = field(default_factory=dict)
    facet_totals: dict = field(default_factory=dict)
    created_month: dict = field(default_factory=dict)
    date_walk: dict = field(default_factory=dict)

    @classmethod
    def from_spider(cls, spider) -> CrawlRecord:
        names = [f.name for f in dataclasses.fields(cls)]
        return cls(**{name: getattr(spider, name) for name in names})


@dataclass
class Assembled:
    """The snapshot's tables, and what assembling them found."""

    tables: dict[str, list[dict]]
    topic_disagreements: list
    facets_walked: bool

    @property
    def rows(self) -> list[dict]:
        return self.tables["case_studies"]


def assign_listing_ranks(items: list[dict], order: str) -> list[dict]:
    """Rows newest first with `listing_rank` 0..n-1, from each item's place in the walk."""
    newest_first = sorted(items, key=lambda i: i["listing_position"], reverse=(order == "ASC"))
    return [{**item, "listing_rank": rank} for rank, item in enumerate(newest_first)]


def carried_rows(record: CrawlRecord) -> list[dict]:
    """Known rows carried forward unchanged (not due, or answered 304), at their new place."""
    return [
        {**record.previous.rows[slug], "listing_position": record.positions.get(slug, 0)}
        for slug in sorted(record.carried)
        if slug in record.previous.rows
    ]


def link_rows(rows: list[dict], previous: PreviousSnapshot) -> list[dict]:
    """case_study_councils: what the council pipeline attached to each new item, and the
    previous snapshot's links of each carried row."""
    links = []
    for row in rows:
        if "council_links" in row:
            links += row["council_links"]
        else:
            links += previous.council_links.get(row["id"], [])
    return links


def fetch_state(record: CrawlRecord, rows: list[dict], snapshot_id: str) -> dict:
    """Each row's last fetch: this run's, else the previous snapshot's (carried rows)."""
    pages = {}
    for row in rows:
        state = record.fetches.get(row["id"]) or record.previous.fetches.get(row["id"])
        if state is not None:
            archived_in = snapshot_id if state.archived_in == "" else state.archived_in
            pages[row["id"]] = dataclasses.replace(state, archived_in=archived_in)
    return pages


def needed_snapshots(pages: dict, snapshot_id: str) -> list[str]:
    """The other snapshots whose archives hold the pages this one's rows come from (rows
    carried forward, or re-read by a reparse): they must be kept while this one is."""
    return sorted({p.archived_in for p in pages.values() if p.archived_in} - {snapshot_id})


def taxonomy_of(record: CrawlRecord) -> Taxonomy:
    ledger = record.ledger
    return Taxonomy(
        options=record.options,
        members=dict(record.members) if record.facets_on else {},
        reported=record.facet_totals if record.facets_on else {},
        created_month=record.created_month,
        # Explained differences: pages gone (404/410) or refused (too large).
        gone={case_study_slug(u, record.base_url) for u in [*ledger.gone, *ledger.refused]},
    )


def assemble_tables(items: list[dict], record: CrawlRecord, snapshot_time: datetime) -> Assembled:
    """Every table of the snapshot; the topics table's mismatches with the listing's counts
    go into the ledger (they block publication)."""
    previous = record.previous
    rows = [
        {**item, "listing_position": record.positions.get(item["id"], item["listing_position"])}
        for item in items
    ]
    rows = assign_listing_ranks(rows + carried_rows(record), record.rank_order)
    taxonomy = taxonomy_of(record)
    rows, topic_disagreements = apply_taxonomy(rows, taxonomy, previous.rows)
    hrefs = {k: v for item in items for k, v in item.get("topic_hrefs", {}).items()}
    topics, record.ledger.topic_count_mismatches = topics_table(
        rows, taxonomy, hrefs, previous.topics
    )
    rows, removed = apply_history(
        rows, list(previous.rows.values()), previous.removed, snapshot_time,
        previous_time=previous.time,
    )  # fmt: skip
    tables = {
        "case_studies": rows,
        "case_study_councils": link_rows(rows, previous),
        "removed": removed,
        "changes": changes_between(list(previous.rows.values()), rows),
        "topics": topics,
    }
    return Assembled(tables, topic_disagreements, taxonomy.walked)
