"""The snapshot's tables from what the run collected: rows ranked as the listing shows them,
topics from the taxonomy, history against the previous snapshot, council links."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from casecrawl.fetch.ledger import RunLedger
from casecrawl.history.changes import (
    CHANGE_KINDS,
    changes_between,
    history_rows,
    removed_table,
    utc,
)
from casecrawl.history.previous import PreviousSnapshot
from casecrawl.publish.taxonomy import Taxonomy, apply_taxonomy, topic_tallies, topics_table
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
    facet_membership: dict = field(default_factory=dict)

    @classmethod
    def from_spider(cls, spider) -> CrawlRecord:
        names = [f.name for f in dataclasses.fields(cls)]
        return cls(**{name: getattr(spider, name) for name in names})


@dataclass
class Assembled:
    """What assembling the snapshot found: the case studies' ids in rank order (their rows
    went to the stream), the small tables, and the taxonomy's findings."""

    ids: list[str]
    tables: dict[str, list[dict]]  # removed, changes, topics
    topic_disagreements: dict
    facets_walked: bool
    council_sources: dict  # the council links (streamed) by role and field, for the manifest


BATCH = 500  # rows assembled and written at a time: memory does not grow with the rows


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


def council_sources(links: list[dict], into: dict | None = None) -> dict[str, dict[str, int]]:
    """Where the councils were found: per role (subject, mentioned), links by field (title,
    summary, body), so that a reader sees how much rests on the body's mentions (added to
    `into`, a batch at a time)."""
    counts: dict[str, dict[str, int]] = {} if into is None else into
    for link in links:
        by_field = counts.setdefault(link["role"], {"title": 0, "summary": 0, "body": 0})
        by_field[link["field"]] = by_field.get(link["field"], 0) + 1
    return counts


def fetch_state(record: CrawlRecord, ids: list[str], snapshot_id: str) -> dict:
    """Each row's last fetch: this run's, else the previous snapshot's (carried rows)."""
    pages = {}
    for row_id in ids:
        state = record.fetches.get(row_id) or record.previous.fetches.get(row_id)
        if state is not None:
            archived_in = snapshot_id if state.archived_in == "" else state.archived_in
            pages[row_id] = dataclasses.replace(state, archived_in=archived_in)
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


def ranked(record: CrawlRecord, positions: dict[str, int]) -> list[tuple[str, int]]:
    """(id, listing_position) of every row, this run's (in the order collected) then the
    carried ones, newest first: the rank is the place in this list."""
    places = [(i, record.positions.get(i, p)) for i, p in positions.items()]
    places += [
        (slug, record.positions.get(slug, 0))
        for slug in sorted(record.carried)
        if slug in record.previous.rows
    ]
    return sorted(places, key=lambda pair: pair[1], reverse=(record.rank_order == "ASC"))


def assemble_snapshot(
    items, positions: dict[str, int], hrefs: dict[str, str], record: CrawlRecord,
    snapshot_time: datetime, stream, link_stream,
) -> Assembled:  # fmt: skip
    """The case_studies rows, a batch at a time into `stream` (ranked, with topic IDs and
    history), their council links into `link_stream` (case_study_councils), and the other
    tables. `items` are this run's (an ItemSpool: by id), `positions` their places in the
    walk. The topics table's mismatches with the listing's counts go into the ledger (they
    block publication). What stays in memory is ids, tallies and the changes, not rows."""
    previous, taxonomy = record.previous, taxonomy_of(record)
    order = ranked(record, positions)
    now, before = history_times(snapshot_time, previous)
    gone_before = {r["id"]: r for r in previous.removed}
    disagreements = {k: {"count": 0, "examples": []} for k in ("listing_only", "page_only")}
    tallies: Counter = Counter()  # topic combinations, for the topics table's counts
    sources: dict[str, dict[str, int]] = {}
    changes = []
    for start in range(0, len(order), BATCH):
        rows = [
            {**(items.get(i) if i in items else previous.rows[i]), "listing_position": place,
             "listing_rank": start + n}
            for n, (i, place) in enumerate(order[start : start + BATCH])
        ]  # fmt: skip
        rows, found = apply_taxonomy(rows, taxonomy, previous.rows)
        _merge(disagreements, found)
        rows = history_rows(rows, previous.rows, gone_before, now, before)
        tallies.update(topic_tallies(rows))
        links = link_rows(rows, previous)
        council_sources(links, into=sources)
        link_stream.write(links)
        earlier = [previous.rows[r["id"]] for r in rows if r["id"] in previous.rows]
        changes += changes_between(earlier, rows)
        stream.write(rows)
    ids = [i for i, _ in order]
    changes += changes_between([previous.rows[i] for i in previous.rows.keys() - set(ids)], [])
    changes.sort(key=lambda c: (CHANGE_KINDS.index(c["change"]), c["case_study_id"]))
    topics, record.ledger.topic_count_mismatches = topics_table(
        tallies, taxonomy, hrefs, previous.topics
    )
    tables = {
        "removed": removed_table(set(ids), previous.rows, gone_before, now, before),
        "changes": changes,
        "topics": topics,
    }
    return Assembled(ids, tables, disagreements, taxonomy.walked, sources)


def history_times(snapshot_time: datetime, previous: PreviousSnapshot):
    """This snapshot's time and the previous one's, in UTC (history's clock)."""
    now = utc(snapshot_time, "snapshot_time")
    return now, utc(previous.time, "previous_time") if previous.time else None


def _merge(total: dict, found: dict) -> None:
    """Taxonomy disagreements of one batch added to the run's (the first 20 examples kept)."""
    for kind, entry in found.items():
        into = total.setdefault(kind, {"count": 0, "examples": []})
        into["count"] += entry["count"]
        into["examples"] = (into["examples"] + entry["examples"])[:20]
