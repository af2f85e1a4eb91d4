"""README.md of a snapshot: the dataset card, from its manifest and casecrawl/dataset/schema.py.

What the dataset is, its sources and their attribution, what is known of licences, how and
when it was crawled, row counts and completeness, known limits, and how to load it.
`python -m casecrawl.publish.card` prints docs/dataset-card.md, the card with placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone

from casecrawl import settings
from casecrawl.councils.register import REGISTER_CREDIT, REGISTER_URL
from casecrawl.dataset.schema import (
    CSV_LIST_SEPARATOR,
    SCHEMA_VERSION,
    TABLE_DESCRIPTIONS,
    TABLES,
    key_description,
)
from casecrawl.publish.datapackage import (
    LGA_CASE_STUDIES_URL,
    REGISTER_LICENCE_URL,
    REJECTS_NAME,
    formula_starts,
    source_title,
)
from casecrawl.settings import PROJECT_REPOSITORY

DOCS_URL = f"{PROJECT_REPOSITORY}/blob/main/docs"
RUN_KINDS = {
    "crawl": "a full crawl: the listing walked oldest first, every case study's page fetched",
    "refresh": "a refresh: the listing walked newest first, new case studies fetched and known "
    "ones re-checked when due (a 304 when unchanged), every other row carried forward from the "
    "previous snapshot",
    "reparse": "a reparse: rebuilt without the network from the archived pages of snapshot "
    "{reparse_of}",
}
# The loading snippets run from the snapshot's folder; tests/test_dataset_card_end_to_end.py
# runs the Python ones on a crawled snapshot.
PANDAS_SNIPPET = """\
import pandas as pd

case_studies = pd.read_parquet("case_studies.parquet")
councils = pd.read_parquet("case_study_councils.parquet")
# Each case study with the councils it is about
about = councils[councils["role"] == "subject"].merge(
    case_studies[["id", "title"]], left_on="case_study_id", right_on="id"
)"""
POLARS_SNIPPET = """\
import polars as pl

case_studies = pl.read_parquet("case_studies.parquet")
# Case studies per topic
per_topic = case_studies.explode("topics").group_by("topics").len().sort("len", descending=True)"""
DUCKDB_SNIPPET = """\
import duckdb

[(case_study_count,)] = duckdb.sql("SELECT count(*) FROM 'case_studies.parquet'").fetchall()
# Case studies per region of the councils they are about
per_region = duckdb.sql(
    \"\"\"
    SELECT region, count(DISTINCT case_study_id) AS case_studies
    FROM 'case_study_councils.parquet'
    WHERE role = 'subject'
    GROUP BY region
    ORDER BY case_studies DESC
    \"\"\"
).fetchall()"""
R_SNIPPET = """\
library(arrow)

case_studies <- read_parquet("case_studies.parquet")
councils <- read_parquet("case_study_councils.parquet")
# Each case study with the councils it is about
about <- merge(
  councils[councils$role == "subject", ], case_studies[, c("id", "title")],
  by.x = "case_study_id", by.y = "id"
)"""


def dataset_card_markdown(manifest: Mapping, rows: Mapping[str, int], published: bool) -> str:
    """The card of one snapshot: `manifest` as the writer has it (before its `files`), `rows`
    the row count of each file written, `published` whether it goes to `snapshots/`."""
    sections = [
        _heading(manifest, published),
        _source(manifest),
        _licence(),
        _crawl(manifest),
        _completeness(manifest, rows, published),
        _limits(manifest),
        _loading(),
    ]
    return "\n\n".join(s.strip("\n") for s in sections) + "\n"


def _heading(manifest: Mapping, published: bool) -> str:
    lines = [f"# LGA case studies: snapshot {manifest.get('snapshot_id')}", ""]
    if not published:
        lines += [
            "> **INCOMPLETE: NOT PUBLISHED.** This crawl did not get every case study the site "
            "listed (see *Rows and completeness*), so this snapshot was kept in `failed/` for "
            "diagnosis and `latest` still points at the last complete one. It is not the "
            "dataset: do not use its tables as the LGA's case studies.",
            "",
        ]
    lines.append(
        "The case studies the Local Government Association (LGA) publishes at "
        f"<{LGA_CASE_STUDIES_URL}>, as one run of [casecrawl]({PROJECT_REPOSITORY}) found them: "
        "one row per case study with its title, summary, topics, dates, body text and links, "
        "the councils it names (matched to mySociety's register of local authorities), its "
        "topics' and support types' IDs, and what changed since the previous snapshot. Every "
        "table is a Parquet file (typed) and a CSV file. `datapackage.json` describes every "
        "file and column (a [Frictionless Data Package](https://datapackage.org/): "
        "`frictionless validate datapackage.json` checks the CSV files against it), "
        "`manifest.json` records the run, and the "
        f"[data dictionary]({DOCS_URL}/data-dictionary.md) documents every column."
    )
    return "\n".join(lines)


def _source(manifest: Mapping) -> str:
    base_url = manifest.get("base_url") or ""
    title = source_title(base_url)
    lines = ["## Source and attribution", ""]
    if not title.startswith("Local Government Association"):
        lines.append(
            f"- **This snapshot was not crawled from local.gov.uk** but from <{base_url}>: "
            f"{title[0].lower()}{title[1:]}."
        )
    lines.append(
        "- **The case studies are the LGA's content.** Titles, summaries, topics, dates and "
        f"body text are copied from the LGA's pages at <{LGA_CASE_STUDIES_URL}>; each row's "
        "`url` is the page it came from. Credit them as: Local Government Association, case "
        f"studies, {LGA_CASE_STUDIES_URL}, retrieved {_when(manifest.get('started_at'))}."
    )
    register = manifest.get("council_register") or REGISTER_CREDIT
    lines += [
        f"- **Council data: mySociety.** {register} ({REGISTER_LICENCE_URL}), from "
        f"<{REGISTER_URL}>. The council columns (`council_codes` and the lists aligned with "
        "it, `councils_mentioned`, and the register's columns in `case_study_councils`) are "
        'derived from it: credit mySociety when you publish them, e.g. "Contains data from '
        "mySociety's UK local authority names and codes, CC BY 4.0\".",
        f"- **Crawler:** casecrawl {_n(manifest.get('casecrawl_version'))}, "
        f"<{PROJECT_REPOSITORY}>.",
    ]
    return "\n".join(lines)


def _licence() -> str:
    return "\n".join(
        [
            "## Licence",
            "",
            "- Known: the LGA publishes these case studies openly on its website; they are its "
            "content (or its contributors').",
            "- Not known: any licence under which they may be reused. casecrawl has found none, "
            "this dataset grants none (it cannot license the LGA's content), and "
            "`datapackage.json` declares none. Check the terms on local.gov.uk, or ask the "
            "LGA, before republishing their text.",
            "- The council register is CC BY 4.0 (mySociety): attribution is required, as above.",
            "- casecrawl's code is under the MIT licence; that covers the code, not this data.",
        ]
    )


def _crawl(manifest: Mapping) -> str:
    kind = manifest.get("kind") or "crawl"
    run = RUN_KINDS.get(kind, kind).format(reparse_of=manifest.get("reparse_of"))
    rows = [
        ("Snapshot", f"`{manifest.get('snapshot_id')}`"),
        ("Run", run),
        ("Started", _when(manifest.get("started_at"))),
        ("Finished", _when(manifest.get("finished_at"))),
        ("Site crawled", f"<{manifest.get('base_url')}>"),
        ("Previous snapshot", _code_or(manifest.get("previous_snapshot"), "none")),
        (
            "Versions",
            f"casecrawl {_n(manifest.get('casecrawl_version'))}, "
            f"schema {_n(manifest.get('schema_version'))}",
        ),
        (
            "Pages fetched",
            f"{_n(manifest.get('listing_pages_fetched'))} listing, "
            f"{_n(manifest.get('detail_pages_fetched'))} case-study, "
            f"{_n(manifest.get('facet_pages_fetched'))} filtered listing; "
            f"{_n(manifest.get('requests_sent'))} requests, "
            f"{_n(manifest.get('bytes_received'))} bytes received",
        ),
        (
            "Re-checked unchanged (304), carried forward",
            f"{_n(manifest.get('not_modified'))}, {_n(manifest.get('carried_forward'))}",
        ),
    ]
    politeness = manifest.get("politeness")
    if politeness:
        rows.append(("Politeness", _politeness(politeness)))
    limits = manifest.get("rate_limits") or {}
    rows.append(
        (
            "Rate limits, retries",
            f"{_n(limits.get('rate_limited', 0))} rate-limited answers, "
            f"{_n(limits.get('pauses', 0))} pauses; {_n(manifest.get('retries', 0))} retries",
        )
    )
    lines = ["## When and how it was crawled", "", "| | |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    lines += [
        "",
        "Every listing page gives the total the site reports and its teasers; every case "
        "study's page is read by its structure (not by class names), and each field the "
        "listing shows too (title, summary, topics) is cross-checked against it. Topic and "
        "support-type IDs come from each option's filtered listing, created months from the "
        "listing's date filters"
        + ("" if manifest.get("facets_walked", True) else " (not walked in this run)")
        + ". Every response is kept in `pages.warc.gz` (a reparse reads its source's).",
    ]
    return "\n".join(lines)


def _politeness(politeness: Mapping) -> str:
    robots = "robots.txt obeyed" if politeness.get("robots_txt_obeyed") else "robots.txt ignored"
    throttle = "AutoThrottle on" if politeness.get("autothrottle") else "AutoThrottle off"
    return (
        f"user agent `{politeness.get('user_agent')}`; {robots}; at most "
        f"{_n(politeness.get('concurrent_requests_per_domain'))} requests at a time, "
        f"{_n(politeness.get('download_delay'))} s apart; {throttle}"
    )


def _completeness(manifest: Mapping, rows: Mapping[str, int], published: bool) -> str:
    lines = ["## Rows and completeness", "", "| table | rows | what it holds |"]
    lines.append("| --- | ---: | --- |")
    for table in TABLES:
        count = rows.get(f"{table}.parquet")
        if count is not None:
            lines.append(f"| `{table}` | {_n(count)} | {TABLE_DESCRIPTIONS[table]} |")
    lines += ["", "Each table is `<table>.parquet` and `<table>.csv`. Keys:", ""]
    lines += [f"- `{t}`: {key_description(t)}" for t in TABLES if f"{t}.parquet" in rows]
    totals = manifest.get("reported_totals_seen") or []
    changed = (
        f" (the total changed during the crawl: {', '.join(_n(t) for t in totals)})"
        if len(totals) > 1
        else ""
    )
    gone, refused = manifest.get("gone") or [], manifest.get("refused") or {}
    lines += [
        "",
        "Completeness:",
        "",
        f"- Complete: **{'yes' if published else 'no'}**"
        + ("" if published else ": not published, kept in `failed/`")
        + ".",
        f"- The site reported {_n(manifest.get('reported_total'))} case studies{changed}; "
        f"expected {_n(manifest.get('expected_items'))}, i.e. less the pages gone and refused.",
        f"- Collected {_n(manifest.get('items_collected'))}; written as the dataset "
        f"{_n(manifest.get('items_written'))}.",
        f"- Gone (answered 404 or 410, withdrawn): {_listed(gone)}. "
        f"Refused (pages too large to read): {_listed(refused)}.",
        f"- Rejected by validation: {_n(manifest.get('rejects', 0))}"
        + (f" (`{REJECTS_NAME}`)" if rows.get(REJECTS_NAME) else "")
        + ".",
    ]
    missing = manifest.get("missing") or []
    if isinstance(missing, str):
        lines.append(f"- Missing: {missing}.")
    elif missing:
        lines.append(f"- Missing ({_n(len(missing))} reasons):")
        for entry in missing[:20]:
            urls = entry.get("urls") or []
            lines.append(f"  - {entry.get('reason')}" + _examples(urls))
        if len(missing) > 20:
            lines.append(f"  - ... and {len(missing) - 20} more in `manifest.json`")
    else:
        lines.append("- Missing: none.")
    checks = manifest.get("cross_checks") or {}
    if checks:
        lines.append(
            "- Cross-checks with the listing (disagreements / pages checked): "
            + ", ".join(
                f"{cue} {_n(c.get('disagreements'))}/{_n(c.get('checked'))}"
                for cue, c in checks.items()
            )
            + "."
        )
    return "\n".join(lines)


def _limits(manifest: Mapping) -> str:
    facets = manifest.get("facets_walked", True)
    date_walk = (manifest.get("date_walk") or {}).get("status")
    ambiguous = manifest.get("ambiguous_councils") or {}
    lines = [
        "## Known limits",
        "",
        "- **Dates.** `published_date` is null when a page shows no full date: never a guess. "
        "`published_date_raw` keeps what the page shows (also 'Summer 2021'). "
        "`created_month` comes from the listing's date filters, month by month, and is "
        "null when they do not act as a date range"
        + (f" (this run: {date_walk})" if date_walk else "")
        + "; `date_source` says which date a row has. `first_seen` is when casecrawl first "
        "saw a case study, not when it was published.",
        "- **Topics and support types.** IDs come from the filter form. A topic's case studies "
        "are the pages that show it when their count equals its filtered listing's total; "
        "otherwise its filtered listing is walked and wins over the pages "
        "(`facet_membership` and `topic_disagreements` in `manifest.json`). Support types, "
        "which pages do not show, come from their filtered listings. "
        + (
            ""
            if facets
            else "This run did not walk the filtered listings (a refresh or `--no-facets`): "
            "`topic_ids` are the IDs of the page's topic names, null for a name the form does "
            "not list, and support types are the previous snapshot's. "
        )
        + "A topic name shown on pages that the form does not list is flagged in `topics` "
        "(`in_filter_form` false).",
        "- **Councils.** Found by name in the text (official names, their common forms, and "
        "bare area names written as names) and looked up in mySociety's register; towns that "
        "are not councils, NHS bodies, police, fire services, companies and charities are not "
        "councils. A name that fits two authorities equally is not recorded"
        + (
            f" ({_n(sum(ambiguous.values()))} such mentions in this run, "
            "`ambiguous_councils` in `manifest.json`)"
            if ambiguous
            else ""
        )
        + ". An abolished council keeps its own code (`end_date`, `successor_code`). The "
        "councils a case study is about are those named in its title or summary, else in its "
        "first paragraph; precision and recall are measured on labelled texts "
        f"([benchmarks]({DOCS_URL}/benchmarks.md)), not on every page; the policy is in "
        f"[councils]({DOCS_URL}/councils.md).",
        "- **Text.** `body_text` is the main content only, without page furniture and blocks "
        "of related case studies, read by structure; a case study is identified by its slug, "
        "whatever host or `/node/N` alias showed it.",
        "- **One point in time.** Case studies withdrawn before casecrawl's first snapshot are "
        "nowhere; `removed` and `changes` compare with the previous snapshot only.",
        f"- **CSV.** Lists are joined with '{CSV_LIST_SEPARATOR}' (an item holding "
        f"'{CSV_LIST_SEPARATOR}' cannot be told apart), sections are 'Heading: text' blocks "
        "separated by blank lines, an empty cell is a null or an empty list, and a text cell "
        f'starting with {formula_starts()} has a "\'" put before it so that spreadsheets '
        "do not run it. The Parquet files hold the exact values and types.",
    ]
    return "\n".join(lines)


def _loading() -> str:
    return "\n".join(
        [
            "## Loading",
            "",
            "Run these from this folder (for the newest complete snapshot, prefix the paths "
            "with `data/latest/`).",
            "",
            "pandas:",
            "",
            "```python",
            PANDAS_SNIPPET,
            "```",
            "",
            "polars:",
            "",
            "```python",
            POLARS_SNIPPET,
            "```",
            "",
            "DuckDB:",
            "",
            "```python",
            DUCKDB_SNIPPET,
            "```",
            "",
            "R, with the arrow package:",
            "",
            "```r",
            R_SNIPPET,
            "```",
        ]
    )


def _n(value) -> str:
    """A count with thousands separators; a template's placeholder as it is."""
    if value is None:
        return "not recorded"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _when(text) -> str:
    """An ISO time from the manifest as 'YYYY-MM-DD HH:MM:SS UTC'; a placeholder as it is."""
    if not text:
        return "not recorded"
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return str(text)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def _code_or(value, default: str) -> str:
    return f"`{value}`" if value else default


def _listed(values) -> str:
    """How many, with up to three examples; a template's placeholder as it is."""
    if isinstance(values, str):
        return values
    values = list(values)
    return _n(len(values)) + _examples(values)


def _examples(urls: list) -> str:
    return f" (e.g. {', '.join(urls[:3])})" if urls else ""


def dataset_card_template() -> str:
    """docs/dataset-card.md: the card of a complete crawl of the live site, with placeholders
    for what each snapshot's manifest gives."""
    count = "<n>"
    manifest = {
        "snapshot_id": "<snapshot id>",
        "kind": "crawl",
        "started_at": "<start time, UTC>",
        "finished_at": "<end time, UTC>",
        "base_url": settings.CASECRAWL_BASE_URL,
        "previous_snapshot": "<previous snapshot id>",
        "casecrawl_version": "<casecrawl version>",
        "schema_version": SCHEMA_VERSION,
        "listing_pages_fetched": count,
        "detail_pages_fetched": count,
        "facet_pages_fetched": count,
        "requests_sent": count,
        "bytes_received": count,
        "not_modified": count,
        "carried_forward": count,
        "politeness": politeness_defaults(),
        "rate_limits": {"rate_limited": count, "pauses": count},
        "retries": count,
        "reported_total": count,
        "expected_items": count,
        "items_collected": count,
        "items_written": count,
        "gone": "<n, with example URLs>",
        "refused": "<n, with example URLs>",
        "rejects": count,
        "missing": "<none, or each reason with example URLs>",
        "cross_checks": {
            cue: {"checked": count, "disagreements": count}
            for cue in ("title", "summary", "topics", "date", "body")
        },
        "facets_walked": True,
        "date_walk": {"status": "<walked, or why not>"},
    }
    intro = (
        "<!-- Generated by `python -m casecrawl.publish.card`: do not edit by hand. -->\n\n"
        "Every snapshot carries this card as its `README.md`, written by "
        "`casecrawl/publish/card.py` from the snapshot's `manifest.json` (the values in angle "
        "brackets below) and `casecrawl/dataset/schema.py`, beside `datapackage.json` "
        "(`casecrawl/publish/datapackage.py`). A snapshot that is not complete gets the same card, "
        "headed by a warning that it is incomplete and not published.\n\n---\n\n"
    )
    rows = {f"{table}.parquet": count for table in TABLES}
    return intro + dataset_card_markdown(manifest, rows, published=True)


def politeness_defaults() -> dict:
    """The politeness of a crawl with casecrawl's default settings, as a manifest has it."""
    return {
        "user_agent": "casecrawl/<version> (+" + settings.PROJECT_REPOSITORY + ")",
        "robots_txt_obeyed": settings.ROBOTSTXT_OBEY,
        "concurrent_requests_per_domain": settings.CONCURRENT_REQUESTS_PER_DOMAIN,
        "download_delay": settings.DOWNLOAD_DELAY,
        "autothrottle": settings.AUTOTHROTTLE_ENABLED,
    }


if __name__ == "__main__":
    print(dataset_card_template(), end="")
