"""The output contract: columns, Arrow types, descriptions, version.

One source for validation, the Parquet schema, the CSV column order and the
data dictionary (docs/data-dictionary.md is generated from it).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

SCHEMA_VERSION = "1.0.0"

SECTION_TYPE = pa.struct([pa.field("heading", pa.string()), pa.field("text", pa.string())])


@dataclass(frozen=True)
class Column:
    """One column of `case_studies`."""

    name: str
    type: pa.DataType
    nullable: bool
    description: str


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
)

COLUMN_NAMES = tuple(c.name for c in COLUMNS)


def arrow_schema() -> pa.Schema:
    """The Parquet schema, with each column's description in its field metadata."""
    return pa.schema(
        [
            pa.field(c.name, c.type, nullable=c.nullable, metadata={"description": c.description})
            for c in COLUMNS
        ],
        metadata={"casecrawl.schema_version": SCHEMA_VERSION},
    )


def data_dictionary_markdown() -> str:
    """The data dictionary's column table, generated so it cannot drift from the schema."""
    lines = [
        f"Schema version {SCHEMA_VERSION}.",
        "",
        "| column | type | nullable | description |",
        "| --- | --- | --- | --- |",
    ]
    for c in COLUMNS:
        nullable = "yes" if c.nullable else "no"
        lines.append(f"| `{c.name}` | `{c.type}` | {nullable} | {c.description} |")
    return "\n".join(lines) + "\n"
