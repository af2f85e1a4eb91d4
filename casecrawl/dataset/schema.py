"""The output contract: columns, Arrow types, descriptions, version.

One source for validation, the Parquet schema, the CSV column order, the keys, the
data dictionary (docs/data-dictionary.md is generated from it) and each snapshot's
datapackage.json and README.md (casecrawl/publish/datapackage.py, casecrawl/publish/card.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

# 1.1.0: council columns and the case_study_councils table
# 1.2.0: history: first_seen, last_seen, content_hash; the removed and changes tables
SCHEMA_VERSION = "1.6.0"  # 1.4.0: published_date_raw; 1.5.0: match spans; 1.6.0: named_code

# How the CSV files write what CSV has no type for (casecrawl/publish/formats.py writes them,
# datapackage.json and the data dictionary describe them).
CSV_LIST_SEPARATOR = "; "
CSV_SECTION_SEPARATOR = "\n\n"
# A text cell starting with one of these gets a leading "'" (spreadsheets would run it).
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

SECTION_TYPE = pa.struct([pa.field("heading", pa.string()), pa.field("text", pa.string())])


@dataclass(frozen=True)
class Column:
    """One column of a table."""

    name: str
    type: pa.DataType
    nullable: bool
    description: str
    # A list whose items may be null (written as empty items in the CSV).
    null_items: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("id", pa.string(), False, "The case study's slug, its identity across hosts and URLs."),
    Column(
        "url",
        pa.string(),
        False,
        "Canonical URL `<base>/case-studies/<slug>` on the crawled site; host, scheme, "
        "/node/N aliases, trailing slash, query and fragment folded.",
    ),
    Column("title", pa.string(), False, "Title as shown (the page's h1), whitespace normalised."),
    Column(
        "summary",
        pa.string(),
        True,
        "Summary as shown under the title; null when the page shows none.",
    ),
    Column(
        "topics",
        pa.list_(pa.string()),
        False,
        "Topic names from the page's topic lines, in page order (topic, then sub-topic).",
    ),
    Column(
        "published_date",
        pa.date32(),
        True,
        "Publication date as the page shows it (time element, meta tag or visible text, "
        "day-first); null when none is shown, never a guess.",
    ),
    Column(
        "published_date_raw",
        pa.string(),
        True,
        "The date as the page shows it, without its label ('3rd March 2021', 'Summer 2021'); "
        "kept also when it is not a full date and published_date is null.",
    ),
    Column(
        "body_text",
        pa.string(),
        False,
        "Main content only; blocks separated by blank lines, list items as '- item'.",
    ),
    Column(
        "sections",
        pa.list_(SECTION_TYPE),
        False,
        "Body split at headings (h2/h3 or bold paragraphs ending in ':'); heading without "
        "the colon; text before the first heading has heading ''.",
    ),
    Column(
        "links",
        pa.list_(pa.string()),
        False,
        "Absolute http(s) URLs linked from the body, first occurrence order, no repeats.",
    ),
    Column(
        "listing_rank",
        pa.int32(),
        False,
        "Position in the newest-first listing at crawl time, 0 = newest.",
    ),
    Column(
        "crawled_at",
        pa.timestamp("us", tz="UTC"),
        False,
        "When the case study's page was fetched (UTC).",
    ),
    Column("source", pa.string(), False, "The base URL crawled, e.g. https://www.local.gov.uk."),
    Column(
        "council_codes",
        pa.list_(pa.string()),
        False,
        "Register codes (mySociety local-authority-code) of the councils the case study is "
        "about: named in the title or summary, or if none there, in the first body paragraph.",
    ),
    Column(
        "council_gss_codes",
        pa.list_(pa.string()),
        False,
        "ONS GSS codes, aligned with council_codes.",
    ),
    Column(
        "council_names", pa.list_(pa.string()), False, "Official names, aligned with council_codes."
    ),
    Column(
        "council_types",
        pa.list_(pa.string()),
        False,
        "Authority types, aligned with council_codes.",
    ),
    Column("regions", pa.list_(pa.string()), False, "Regions, aligned with council_codes."),
    Column("nations", pa.list_(pa.string()), False, "Nations, aligned with council_codes."),
    Column(
        "councils_mentioned",
        pa.list_(pa.string()),
        False,
        "Register codes of every council named anywhere (title, summary, body).",
    ),
    Column(
        "first_seen",
        pa.timestamp("us", tz="UTC"),
        False,
        "Time (UTC) of the first snapshot the case study was seen in (a snapshot's time is "
        "its crawl's start); kept from snapshot to snapshot, also when a removed case study "
        "comes back.",
    ),
    Column(
        "last_seen",
        pa.timestamp("us", tz="UTC"),
        False,
        "Time (UTC) of the last snapshot the case study was seen in: this snapshot's in "
        "case_studies, the last one before it disappeared in removed.",
    ),
    Column(
        "content_hash",
        pa.string(),
        False,
        "sha256 (hex) of the extracted fields (id, url, title, summary, topics, "
        "published_date, body_text, sections, links) as canonical JSON: the same from crawl "
        "to crawl while the page is unchanged, whatever the crawl time or listing rank.",
    ),
    Column(
        "topic_ids",
        pa.list_(pa.int32()),
        False,
        "Filter IDs (`topic[ID]`) of the topics the case study carries, in the order of "
        "`topics`: the IDs of the page's topic names, checked against each topic's filtered "
        "listing (its reported total and first page; where they disagree the listing is "
        "walked and its membership wins); null for a page topic the filter form does not "
        "list. A refresh and --no-facets skip the check.",
        null_items=True,
    ),
    Column(
        "support_types",
        pa.list_(pa.string()),
        False,
        "Kinds of LGA support the case study is filed under (the 'Filter by support type' "
        "names), from the support types' filtered listings; empty without them.",
    ),
    Column(
        "support_type_ids",
        pa.list_(pa.int32()),
        False,
        "Filter IDs (`subject[ID]`) of the support types, aligned with support_types.",
    ),
    Column(
        "created_month",
        pa.date32(),
        True,
        "First day of the month the case study was created in, from the listing's from/to "
        "date filters (each month's total cuts the created-date order of the listing); "
        "null when they do not act as a date range.",
    ),
    Column(
        "date_source",
        pa.string(),
        False,
        "Where the best date comes from: 'page' (published_date is shown), "
        "'listing_filter' (only created_month is known) or 'none'.",
    ),
)
COUNCIL_COLUMNS = (
    "council_codes",
    "council_gss_codes",
    "council_names",
    "council_types",
    "regions",
    "nations",
    "councils_mentioned",
)
# Set from the previous snapshot when the snapshot is written (casecrawl/history/changes.py).
HISTORY_COLUMNS = ("first_seen", "last_seen", "content_hash")
# Set once every listing walk is over (casecrawl/publish/taxonomy.py).
TAXONOMY_COLUMNS = (
    "topic_ids", "support_types", "support_type_ids", "created_month", "date_source",
)  # fmt: skip

COLUMN_NAMES = tuple(c.name for c in COLUMNS)

LINK_COLUMNS: tuple[Column, ...] = (
    Column("case_study_id", pa.string(), False, "The case study's slug (`case_studies.id`)."),
    Column("local_authority_code", pa.string(), False, "mySociety register code."),
    Column("gss_code", pa.string(), True, "ONS GSS code (null for authorities without one)."),
    Column("official_name", pa.string(), False, "Official name in the register."),
    Column("type", pa.string(), False, "Authority type, e.g. 'Metropolitan district'."),
    Column("region", pa.string(), True, "Region (England) or nation."),
    Column("nation", pa.string(), True, "England, Scotland, Wales or Northern Ireland."),
    Column("role", pa.string(), False, "'subject' (what the case study is about) or 'mentioned'."),
    Column("field", pa.string(), False, "Where it was first found: title, summary or body."),
    Column("matched_text", pa.string(), False, "The text that matched, as written."),
    Column(
        "match_start",
        pa.int32(),
        True,
        "Where `matched_text` starts in `field` (characters from 0): the evidence's span.",
    ),
    Column(
        "match_rule",
        pa.string(),
        True,
        "Which name form matched: 'official' (a register name), 'form' (a built form such as "
        "'X Council') or 'bare' (the area's name alone, where it stands as a name).",
    ),
    Column(
        "named_code",
        pa.string(),
        True,
        "The council the text named when it had been abolished by the case study's date: the "
        "link is then to its successor (null when the named council is the one linked).",
    ),
    Column("end_date", pa.date32(), True, "When an abolished authority ended; null if current."),
    Column("successor_code", pa.string(), True, "Register code of the successor, if abolished."),
)
LINK_COLUMN_NAMES = tuple(c.name for c in LINK_COLUMNS)

REMOVED_COLUMNS: tuple[Column, ...] = (
    *COLUMNS,
    Column(
        "removed_at",
        pa.timestamp("us", tz="UTC"),
        False,
        "Time (UTC) of the first snapshot the case study was missing from; the other "
        "columns are its last row before that.",
    ),
)
REMOVED_COLUMN_NAMES = tuple(c.name for c in REMOVED_COLUMNS)

CHANGE_COLUMNS: tuple[Column, ...] = (
    Column(
        "case_study_id",
        pa.string(),
        False,
        "The case study's slug (`case_studies.id`; `removed.id` for a removed one).",
    ),
    Column(
        "change",
        pa.string(),
        False,
        "'added', 'removed' or 'modified', since the previous snapshot.",
    ),
    Column(
        "fields",
        pa.list_(pa.string()),
        False,
        "The case_studies columns that changed, in column order, for 'modified'; empty otherwise.",
    ),
)
CHANGE_COLUMN_NAMES = tuple(c.name for c in CHANGE_COLUMNS)

TOPIC_COLUMNS: tuple[Column, ...] = (
    Column("topic_id", pa.int32(), True, "The filter ID; null for a name seen on pages only."),
    Column("name", pa.string(), False, "The name as the filter form spells it."),
    Column("kind", pa.string(), False, "'topic' or 'support_type'."),
    Column(
        "slug",
        pa.string(),
        True,
        "The last segment of the topic's page URL (its 'View all' link), when there is one.",
    ),
    Column(
        "parent_id",
        pa.int32(),
        True,
        "A sub-topic's topic: from the topic page's URL path (/topics/parent/child), else "
        "the filter form's nesting, else consistent co-occurrence (every case study carrying "
        "it carries one other topic too, which has case studies of its own).",
    ),
    Column("case_study_count", pa.int32(), False, "Case studies of this snapshot carrying it."),
    Column(
        "reported_count",
        pa.int32(),
        True,
        "The total its filtered listing reported; null when it was not walked.",
    ),
    Column(
        "in_filter_form",
        pa.bool_(),
        False,
        "False for a name seen on pages that the filter form does not list (flagged).",
    ),
)

TABLES = {
    "case_studies": COLUMNS,
    "case_study_councils": LINK_COLUMNS,
    "removed": REMOVED_COLUMNS,
    "changes": CHANGE_COLUMNS,
    "topics": TOPIC_COLUMNS,
}

TABLE_DESCRIPTIONS = {
    "case_studies": "One row per case study listed on the site at crawl time.",
    "case_study_councils": "One row per case study and council it names (mySociety's "
    "register): the council's codes and names, whether the case study is about it (role "
    "'subject') or only mentions it, and where it was first found.",
    "removed": "Every case study no longer listed: its last row, and when it was first "
    "missed; one that comes back leaves this table.",
    "changes": "What changed since the previous snapshot: one row per case study added, "
    "removed, or modified (with the changed columns); in a first snapshot every row is added.",
    "topics": "Every topic and support type of the listing's filter form, with its ID, slug, "
    "parent and counts; names seen on pages that the form does not list are flagged.",
}


@dataclass(frozen=True)
class ForeignKey:
    """Columns whose values, when not null, are values of `columns` in `table`."""

    fields: tuple[str, ...]
    table: str
    columns: tuple[str, ...]


# What identifies a row, checked by `frictionless validate` on every snapshot's CSV files.
# A council is linked to a case study once (its first mention gives role and field), so role
# is not part of that key.
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "case_studies": ("id",),
    "case_study_councils": ("case_study_id", "local_authority_code"),
    "removed": ("id",),
    "changes": ("case_study_id",),
}
# parent_id -> topic_id holds because a parent is always a topic of the filter form, hence a
# row of the table.
FOREIGN_KEYS: dict[str, tuple[ForeignKey, ...]] = {
    "case_study_councils": (ForeignKey(("case_study_id",), "case_studies", ("id",)),),
    "topics": (ForeignKey(("parent_id",), "topics", ("topic_id",)),),
}
# Why a table has no primary key, or a column that names a case study no foreign key: for
# the data dictionary, the dataset card and datapackage.json.
KEY_NOTES: dict[str, str] = {
    "topics": "(`kind`, `topic_id`) identifies an entry of the filter form, but `topic_id` "
    "is null for a name seen only on pages, and a key may not be null; nor is a name known to "
    "be unique within its kind: hence no primary key.",
    "changes": "`case_study_id` has no foreign key: an added or modified case study is in "
    "`case_studies`, a removed one in `removed` (a foreign key points into one table).",
}


def is_text(kind: pa.DataType) -> bool:
    """Text columns (strings, lists of strings, sections): numbers and dates are not text."""
    while pa.types.is_list(kind):
        kind = kind.value_type
    return pa.types.is_string(kind) or pa.types.is_struct(kind)


def arrow_schema(table: str = "case_studies") -> pa.Schema:
    """The Parquet schema of a table, with each column's description in its field metadata."""
    return pa.schema(
        [
            pa.field(c.name, c.type, nullable=c.nullable, metadata={"description": c.description})
            for c in TABLES[table]
        ],
        metadata={"casecrawl.schema_version": SCHEMA_VERSION},
    )


def data_dictionary_markdown() -> str:
    """The data dictionary's column tables, generated so they cannot drift from the schema."""
    lines = [f"Schema version {SCHEMA_VERSION}."]
    for table, columns in TABLES.items():
        lines += [
            "",
            f"### `{table}`",
            "",
            TABLE_DESCRIPTIONS[table],
            "",
            key_description(table),
            "",
            "| column | type | nullable | description |",
        ]
        lines.append("| --- | --- | --- | --- |")
        for c in columns:
            nullable = "yes" if c.nullable else "no"
            lines.append(f"| `{c.name}` | `{c.type}` | {nullable} | {c.description} |")
    return "\n".join(lines) + "\n"


def key_description(table: str) -> str:
    """A table's primary key, foreign keys and why one is missing, in a sentence or three."""
    key = PRIMARY_KEYS.get(table)
    text = f"Primary key: {', '.join(f'`{c}`' for c in key)}." if key else "Primary key: none."
    for fk in FOREIGN_KEYS.get(table, ()):
        text += (
            f" Foreign key: {', '.join(f'`{c}`' for c in fk.fields)} → "
            f"{', '.join(f'`{fk.table}.{c}`' for c in fk.columns)}."
        )
    if table in KEY_NOTES:
        text += " " + KEY_NOTES[table]
    return text
