"""datapackage.json: a snapshot as a Frictionless Data Package, from casecrawl/dataset/schema.py.

Each table's CSV file is a tabular resource whose Table Schema says what every cell holds as
casecrawl/publish/writer.py writes it, with the keys of schema.py; `frictionless validate` checks
the CSV files against it. The Parquet files are file resources (name, format, size, sha256):
frictionless reads Parquet only with the fastparquet package, and the Parquet files carry
their own typed schema, with each column's description, in their metadata.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import pyarrow as pa

from casecrawl.councils.register import REGISTER_CREDIT, REGISTER_URL
from casecrawl.dataset.layout import (
    ARCHIVE_NAME,
    CARD_NAME,
    FETCH_STATE_NAME,
    LOG_NAME,
    MANIFEST_NAME,
    REJECTS_NAME,
    TEMPLATE_NAME,
    table_of,
)
from casecrawl.dataset.schema import (
    CSV_FORMULA_STARTS,
    CSV_LIST_SEPARATOR,
    FOREIGN_KEYS,
    PRIMARY_KEYS,
    SCHEMA_VERSION,
    TABLE_DESCRIPTIONS,
    TABLES,
    Column,
    is_text,
    key_description,
)
from casecrawl.settings import PROJECT_REPOSITORY

PACKAGE_NAME = "lga-case-studies"
LGA_CASE_STUDIES_URL = "https://www.local.gov.uk/case-studies"
REGISTER_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

# The files a snapshot may hold besides its tables: (format, media type, description).
OTHER_FILES = {
    CARD_NAME: (
        "md",
        "text/markdown",
        "The dataset card: what this snapshot is, its sources and their attribution, licence "
        "notes, how and when it was crawled, row counts, completeness, known limits, loading.",
    ),
    REJECTS_NAME: (
        "jsonl",
        "application/x-ndjson",
        "Case studies that failed validation: one JSON object per line with its id, url, "
        "reason and the item as read.",
    ),
    FETCH_STATE_NAME: (
        "json",
        "application/json",
        "Per case study: its URL, when its page was last asked for, the validators the site "
        "sent (ETag, Last-Modified) and which snapshot's archive holds the page.",
    ),
    TEMPLATE_NAME: (
        "json",
        "application/json",
        "The site's template as this crawl read it: per field, the element path that holds it "
        "on the site's case-study pages, its agreement on the learning sample and the evidence "
        "it was matched against; the texts recurring across pages (chrome); what the sample "
        "could not place. `casecrawl inspect` shows it for a page.",
    ),
    ARCHIVE_NAME: (
        "warc",
        "application/warc",
        "Every HTTP response the run received, with request and response headers, as WARC "
        "records gzipped one by one; `casecrawl reparse` rebuilds the snapshot from it.",
    ),
    LOG_NAME: (
        "log",
        "text/plain",
        "Scrapy's log of the run, at the run's log level. Moved in while the run still writes "
        "to it, so this package gives no size or hash for it.",
    ),
}
MANIFEST_DESCRIPTION = (
    "The crawl's record: times, site, pages fetched, reported total, what is missing and "
    "why, cross-checks, versions, and the sha256 and row count of every other file. Written "
    "last, so this package gives no size or hash for it."
)


@dataclass(frozen=True)
class FileFacts:
    """What the package records of one written file."""

    bytes: int
    sha256: str


def data_package(manifest: Mapping, files: Mapping[str, FileFacts | None], published: bool) -> dict:
    """The datapackage.json of a snapshot: every file in `files` (name -> size and sha256, or
    None for a file still being written) as a resource, the CSV files of TABLES as tables
    with their schemas, and manifest.json."""
    resources = [
        _table_resource(name.removesuffix(".csv"), name, facts)
        for name, facts in files.items()
        if name.endswith(".csv") and name.removesuffix(".csv") in TABLES
    ]
    for name, facts in files.items():
        if table_of(name) in TABLES:
            resources.append(_parquet_resource(table_of(name), name, facts))
        elif name in OTHER_FILES:
            form, mediatype, description = OTHER_FILES[name]
            resources.append(_file_resource(name, form, mediatype, description, facts))
    resources.append(
        _file_resource(MANIFEST_NAME, "json", "application/json", MANIFEST_DESCRIPTION, None)
    )
    base_url = manifest.get("base_url") or ""
    package = {
        "name": PACKAGE_NAME,
        "title": f"LGA case studies, snapshot {manifest.get('snapshot_id')}",
        "description": package_description(manifest, published),
        "homepage": PROJECT_REPOSITORY,
        "created": manifest.get("finished_at"),
        "keywords": ["local government", "case studies", "councils", "LGA", "UK"],
        "sources": [
            {"title": source_title(base_url), "path": f"{base_url}/case-studies"},
            {"title": REGISTER_CREDIT, "path": REGISTER_URL},
        ],
        # No `licenses`: the licence of the LGA's content is not known (see the description).
        "snapshot": {
            "id": manifest.get("snapshot_id"),
            "kind": manifest.get("kind"),
            "published": published,
            "complete": manifest.get("complete"),
            "started_at": manifest.get("started_at"),
            "finished_at": manifest.get("finished_at"),
            "base_url": base_url or None,
            "casecrawl_version": manifest.get("casecrawl_version"),
            "schema_version": manifest.get("schema_version", SCHEMA_VERSION),
        },
        "resources": resources,
    }
    return {key: value for key, value in package.items() if value is not None}


def package_description(manifest: Mapping, published: bool) -> str:
    state = (
        "A complete, published snapshot."
        if published
        else "INCOMPLETE AND NOT PUBLISHED: this crawl did not get every case study the site "
        "listed (manifest.json says what is missing); kept for diagnosis only."
    )
    return (
        f"{state} The case studies of the Local Government Association (LGA) "
        f"({LGA_CASE_STUDIES_URL}), crawled by casecrawl: one row per case study, the councils "
        "each names, the topics and support types, and what changed since the previous "
        "snapshot. The case studies are the LGA's content; no licence for reusing them is "
        "known, and this package grants none. Council columns: "
        f"{manifest.get('council_register') or REGISTER_CREDIT} ({REGISTER_LICENCE_URL}), "
        "credit mySociety. README.md is the dataset card."
    )


def source_title(base_url: str) -> str:
    """Whose case studies the crawled site served: the LGA's, or a replica's made-up ones."""
    host = urlsplit(base_url).hostname or ""
    if host == "local.gov.uk" or host.endswith(".local.gov.uk"):
        return "Local Government Association: case studies (the LGA's content)"
    if host in ("127.0.0.1", "localhost", "::1"):
        return (
            "A site on the crawling machine, such as casecrawl's replica (generated case "
            "studies, not the LGA's pages)"
        )
    return f"Case studies served by {host or 'an unrecorded host'} (not local.gov.uk)"


def _table_resource(table: str, name: str, facts: FileFacts) -> dict:
    schema: dict = {
        "fields": [csv_field(column) for column in TABLES[table]],
        "missingValues": [""],
    }
    if table in PRIMARY_KEYS:
        schema["primaryKey"] = list(PRIMARY_KEYS[table])
    if table in FOREIGN_KEYS:
        schema["foreignKeys"] = [
            {
                "fields": list(fk.fields),
                "reference": {"resource": fk.table, "fields": list(fk.columns)},
            }
            for fk in FOREIGN_KEYS[table]
        ]
    description = (
        f"{TABLE_DESCRIPTIONS[table]} UTF-8, RFC 4180 (CRLF line ends, '\"' quoting); an empty "
        f"cell is a null or an empty list. A text cell that begins with {formula_starts()} has "
        f'a "\'" put before it so that spreadsheets show it as text; {table}.parquet holds '
        f"the values as they are. {key_description(table).replace('`', '')}"
    )
    return {
        "name": table,
        "type": "table",
        "path": name,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": description,
        "bytes": facts.bytes,
        "hash": f"sha256:{facts.sha256}",
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": schema,
    }


def _parquet_resource(table: str, name: str, facts: FileFacts) -> dict:
    return _file_resource(
        name,
        "parquet",
        "application/vnd.apache.parquet",
        f"{TABLE_DESCRIPTIONS[table]} The same rows and columns as the `{table}` resource "
        f"({table}.csv), typed by the Arrow schema in the file (lists as lists, sections as "
        "lists of {heading, text}, dates, UTC timestamps), each column's description in its "
        "field metadata, text as the page shows it.",
        facts,
    )


def _file_resource(
    name: str, form: str, mediatype: str, description: str, facts: FileFacts | None
) -> dict:
    resource = {
        "name": name.lower(),  # resource names are lower case
        "type": "file",
        "path": name,
        "format": form,
        "mediatype": mediatype,
        "description": description,
    }
    if facts is not None:
        resource |= {"bytes": facts.bytes, "hash": f"sha256:{facts.sha256}"}
    return resource


def formula_starts() -> str:
    """The characters that make a text cell look like a formula, for people to read."""
    names = {"\t": "a tab", "\r": "a carriage return"}
    spoken = [names.get(start, start) for start in CSV_FORMULA_STARTS]
    return f"{', '.join(spoken[:-1])} or {spoken[-1]}"


def csv_field(column: Column) -> dict:
    """A Table Schema field for a column as its CSV cells show it (casecrawl/publish/formats.py's
    csv_value): a type frictionless reads the cells with, and what a cell holds."""
    kind = column.type
    field: dict = {"name": column.name}
    if pa.types.is_list(kind) and pa.types.is_struct(kind.value_type):
        field["type"] = "string"
        shows = (
            "one block per section, 'Heading: text' (the text alone under heading ''), "
            "blocks separated by a blank line; the Parquet file keeps sections apart"
        )
    elif pa.types.is_list(kind):
        item_type, _ = _scalar(kind.value_type)
        field |= {"type": "list", "delimiter": CSV_LIST_SEPARATOR}
        shows = f"the items joined with '{CSV_LIST_SEPARATOR}'; an empty cell is an empty list"
        if column.null_items:
            # An empty item is a null: frictionless reads no list of integers with one.
            field["itemType"] = "string"
            shows += f"; an empty item is a null (items are {item_type}s otherwise)"
        else:
            field["itemType"] = item_type
    else:
        field["type"], shows = _scalar(kind)
        if pa.types.is_boolean(kind):
            field |= {"trueValues": ["True"], "falseValues": ["False"]}
        if column.nullable:
            shows += "; an empty cell is a null"
        else:
            field["constraints"] = {"required": True}
    if is_text(kind):
        shows += '; a "\'" put before a cell that would start like a formula'
    field["description"] = f"{column.description} CSV: {shows}."
    return field


# The Table Schema type of a scalar column and what its CSV cell shows, by Arrow type.
SCALAR_TYPES = (
    (pa.types.is_string, "string", "the text"),
    (pa.types.is_integer, "integer", "a decimal integer"),
    (pa.types.is_boolean, "boolean", "True or False"),
    (pa.types.is_date, "date", "ISO 8601 date (YYYY-MM-DD)"),
    (pa.types.is_timestamp, "datetime", "ISO 8601 date and time in UTC, ending in 'Z'"),
)


def _scalar(kind: pa.DataType) -> tuple[str, str]:
    for holds, table_schema_type, shows in SCALAR_TYPES:
        if holds(kind):
            return table_schema_type, shows
    # A new column type needs its CSV form described here (and written by csv_value).
    raise ValueError(f"no Table Schema type for {kind}")
