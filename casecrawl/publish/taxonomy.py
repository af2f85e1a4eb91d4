"""Topics and support types as identities: IDs per case study, and the `topics` table.

The filter form gives every topic and support type with its ID; the spider says which case
studies carry each (a topic's pages, confirmed by its filtered listing's total and first page,
or the filtered listing walked whole, which wins over the pages: every disagreement counted);
the pages' 'View all' links give each topic's page URL, hence its slug and, from the URL path, its parent. Names are matched once, on a key that
ignores case, whitespace, '&' against 'and', and 'View all'/'articles' residue.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from casecrawl.parse.filters import FilterOption, ids_by_name, name_key


@dataclass
class Taxonomy:
    """What the listing walks found; the spider fills it, the snapshot step applies it."""

    options: dict[tuple[str, int], FilterOption] = field(default_factory=dict)
    members: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    reported: dict[tuple[str, int], int] = field(default_factory=dict)  # walked facets only
    created_month: dict[str, date] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)  # slugs whose pages answered 404/410

    @property
    def walked(self) -> bool:
        return bool(self.reported)

    def ids_by_name(self, kind: str) -> dict[str, int]:
        return ids_by_name(self.options.values(), kind)


def apply_taxonomy(
    rows: list[dict], taxonomy: Taxonomy, previous: dict[str, dict] | None = None
) -> tuple[list[dict], dict]:
    """Rows with topic_ids, support_types, support_type_ids, created_month and date_source;
    and the disagreements between pages and filtered listings, for the manifest.

    Without the filtered walks (a refresh), a page read again keeps what the `previous`
    snapshot's row knew of its support types and created month."""
    previous = previous or {}
    topic_ids = taxonomy.ids_by_name("topic")
    member_of: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for key, slugs in taxonomy.members.items():
        for slug in slugs:
            member_of[slug].append(key)
    disagreements = {"listing_only": [], "page_only": []}
    out = []
    for row in rows:
        page_ids = [topic_ids.get(name_key(t)) for t in row.get("topics") or []]
        new = {}
        if taxonomy.walked:
            listed = sorted(i for k, i in member_of.get(row["id"], []) if k == "topic")
            ordered = [i for i in page_ids if i in listed]
            new["topic_ids"] = ordered + [i for i in listed if i not in ordered]
            for i in listed:
                if i not in page_ids:
                    disagreements["listing_only"].append(f"{row['id']}: topic {i}")
            for name, i in zip(row.get("topics") or [], page_ids, strict=True):
                if i is not None and i not in listed:
                    disagreements["page_only"].append(f"{row['id']}: {name} ({i})")
            support = sorted(i for k, i in member_of.get(row["id"], []) if k == "support_type")
            new["support_type_ids"] = support
            new["support_types"] = [taxonomy.options[("support_type", i)].name for i in support]
        elif "topic_ids" not in row or row.get("topic_ids") is None:
            earlier = previous.get(row["id"], {})
            new["topic_ids"] = page_ids
            new["support_type_ids"] = earlier.get("support_type_ids") or []
            new["support_types"] = earlier.get("support_types") or []
        earlier_month = row.get("created_month") or previous.get(row["id"], {}).get("created_month")
        month = taxonomy.created_month.get(row["id"], earlier_month)
        new["created_month"] = month
        new["date_source"] = (
            "page" if row.get("published_date") else "listing_filter" if month else "none"
        )
        out.append({**row, **new})
    return out, {k: {"count": len(v), "examples": v[:20]} for k, v in disagreements.items()}


def topic_tallies(rows: list[dict]) -> Counter:
    """How many rows have each combination of (topics, topic_ids, support_type_ids): all
    the topics table counts, kept instead of the rows."""
    return Counter(
        (
            tuple(row.get("topics") or ()),
            tuple(row.get("topic_ids") or ()),
            tuple(row.get("support_type_ids") or ()),
        )
        for row in rows
    )


def topics_table(
    tallies: Counter,
    taxonomy: Taxonomy,
    hrefs: dict[str, str],
    previous: list[dict] | None = None,
) -> tuple[list[dict], list[dict]]:
    """The `topics` rows, and the counts that disagree with what their listing reported.

    `tallies`: the rows' topic combinations (`topic_tallies`); `hrefs`: topic name -> the URL of its page (from the pages' 'View all' links); previous:
    the previous snapshot's topics table (slugs of topics no page showed this time).
    """
    by_key = {name_key(name): href for name, href in hrefs.items()}
    earlier = {(t["kind"], t["topic_id"]): t for t in previous or [] if t.get("topic_id")}
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for (_, topic_ids, support_type_ids), n in tallies.items():
        for i in topic_ids:
            if i is not None:
                counts[("topic", i)] += n
        for i in support_type_ids:
            counts[("support_type", i)] += n
    table = []
    for key, option in taxonomy.options.items():
        href = by_key.get(name_key(option.name)) if option.kind == "topic" else None
        table.append(
            {
                "topic_id": option.id,
                "name": option.name,
                "kind": option.kind,
                "slug": _slug(href) or earlier.get(key, {}).get("slug"),
                "parent_id": option.parent_id,
                "case_study_count": counts[key],
                "reported_count": taxonomy.reported.get(key),
                "in_filter_form": True,
                "_path": _path(href),
            }
        )
    _parents(table, taxonomy)
    known = {name_key(o.name) for o in taxonomy.options.values() if o.kind == "topic"}
    unlisted: dict[str, int] = defaultdict(int)
    for (topics, topic_ids, _), n in tallies.items():
        for name, i in zip(topics, topic_ids, strict=False):
            if i is None and name_key(name) not in known:
                unlisted[name] += n
    for name, count in sorted(unlisted.items()):
        table.append(
            {
                "topic_id": None, "name": name, "kind": "topic", "slug": _slug(hrefs.get(name)),
                "parent_id": None, "case_study_count": count, "reported_count": None,
                "in_filter_form": False, "_path": None,
            }
        )  # fmt: skip
    for entry in table:
        entry.pop("_path")
    return table, _count_mismatches(table, taxonomy)


def _count_mismatches(table: list[dict], taxonomy: Taxonomy) -> list[dict]:
    """Walked options whose count differs from the reported total, less withdrawn pages."""
    mismatches = []
    for entry in table:
        key = (entry["kind"], entry["topic_id"])
        if entry["reported_count"] is None:
            continue
        gone = len(taxonomy.members.get(key, set()) & taxonomy.gone)
        expected = entry["reported_count"] - gone
        if entry["case_study_count"] != expected:
            mismatches.append(
                {
                    "reason": f"{entry['kind']} {entry['topic_id']} ({entry['name']}): "
                    f"{entry['case_study_count']} case studies carry it, its filtered listing "
                    f"reported {entry['reported_count']}"
                    + (f" of which {gone} gone" if gone else ""),
                }
            )
    return mismatches


def _path(href: str | None) -> list[str]:
    if not href:
        return []
    parts = [p for p in urlsplit(href).path.split("/") if p]
    return parts[1:] if parts and parts[0] == "topics" else parts[-1:]


def _slug(href: str | None) -> str | None:
    path = _path(href)
    return path[-1] if path else None


def _parents(table: list[dict], taxonomy: Taxonomy) -> None:
    """parent_id: the topic page's URL path, else the form's nesting, else co-occurrence."""
    by_slug = {e["slug"]: e["topic_id"] for e in table if e["slug"] and e["kind"] == "topic"}
    topics = [e for e in table if e["kind"] == "topic"]
    for entry in topics:
        path = entry["_path"]
        if len(path) >= 2 and path[-2] in by_slug:
            entry["parent_id"] = by_slug[path[-2]]
    members = {
        i: taxonomy.members.get(("topic", i), set()) for i in (e["topic_id"] for e in topics)
    }
    for entry in topics:
        if entry["parent_id"] is not None:
            continue
        own = members.get(entry["topic_id"], set())
        if len(own) < 2:
            continue
        wider = [
            (len(members[i]), i) for i in members if i != entry["topic_id"] and own < members[i]
        ]
        if wider:
            entry["parent_id"] = min(wider)[1]  # the narrowest topic holding all of it
