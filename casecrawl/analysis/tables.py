"""The tables behind the notebook's and the report's charts: pure functions of a snapshot's
tables (pandas DataFrames as the Parquet files give them), so both show the same numbers."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from casecrawl.history.changes import CHANGE_KINDS

NO_COUNCIL = "(no council identified)"
SHOWN, CREATED, UNDATED = "shown on the page", "created month (listing filter)", "undated"


def year_of(case_studies: pd.DataFrame) -> pd.DataFrame:
    """Each case study's year and where it comes from: the date the page shows, else the month
    the listing's date filters place it in, else none (never a guess)."""
    shown = pd.to_datetime(case_studies["published_date"]).dt.year
    created = pd.to_datetime(case_studies["created_month"]).dt.year
    year = shown.fillna(created).astype("Int64")
    basis = pd.Series(SHOWN, index=case_studies.index)
    basis[shown.isna() & created.notna()] = CREATED
    basis[year.isna()] = UNDATED
    return pd.DataFrame({"id": case_studies["id"], "year": year, "basis": basis})


def case_studies_per_year(case_studies: pd.DataFrame) -> pd.DataFrame:
    """Case studies per year (rows), split by where the year comes from (columns); the
    undated ones are left out here and counted by `undated_count`."""
    years = year_of(case_studies)
    dated = years[years["basis"] != UNDATED]
    table = pd.crosstab(dated["year"], dated["basis"]).sort_index()
    table = table[[b for b in (SHOWN, CREATED) if b in table.columns]]
    table.index = table.index.astype(int)
    table.columns.name = None
    return table


def undated_count(case_studies: pd.DataFrame) -> int:
    return int((year_of(case_studies)["basis"] == UNDATED).sum())


def _count_list_values(values: pd.Series, empty_label: str | None = None) -> pd.Series:
    """How many rows carry each value of a list column (a value counted once per row)."""
    counts: Counter[str] = Counter()
    for row in values:
        items = set(row) if row is not None and len(row) else set()
        if not items and empty_label:
            items = {empty_label}
        counts.update(items)
    series = pd.Series(counts, dtype="int64").sort_values(ascending=False, kind="stable")
    return series.rename("case_studies")


def top_topics(case_studies: pd.DataFrame, n: int = 15) -> pd.Series:
    """The topics carried by the most case studies (a case study counts once per topic)."""
    return _count_list_values(case_studies["topics"]).head(n)


def topics_over_time(case_studies: pd.DataFrame, n: int = 6) -> pd.DataFrame:
    """Case studies per year (rows) of each of the `n` top topics (columns)."""
    names = list(top_topics(case_studies, n).index)
    years = year_of(case_studies)["year"]
    rows = [
        (year, topic)
        for year, topics in zip(years, case_studies["topics"], strict=True)
        if not pd.isna(year)
        for topic in set(topics)
        if topic in names
    ]
    frame = pd.DataFrame(rows, columns=["year", "topic"])
    table = pd.crosstab(frame["year"], frame["topic"]).reindex(columns=names, fill_value=0)
    table.index = table.index.astype(int)
    table.columns.name = None
    return table.sort_index()


def case_studies_by(case_studies: pd.DataFrame, column: str) -> pd.Series:
    """Case studies per region, nation or council type (`regions`, `nations`,
    `council_types`) of the councils they are about; a case study about councils in two
    regions counts in both, one about no identified council counts under NO_COUNCIL."""
    return _count_list_values(case_studies[column], NO_COUNCIL)


def councils_ranked(councils: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """The councils most case studies are about (case_study_councils rows with role
    'subject'), most first: code, name, type, region, case_studies."""
    subject = councils[councils["role"] == "subject"]
    ranked = (
        subject.groupby(["local_authority_code", "official_name", "type", "region"], dropna=False)[
            "case_study_id"
        ]
        .nunique()
        .rename("case_studies")
        .reset_index()
        .sort_values(["case_studies", "official_name"], ascending=[False, True], kind="stable")
    )
    return ranked.head(n).reset_index(drop=True)


def _current_and_covered(councils: pd.DataFrame, register: pd.DataFrame):
    """The register's current councils, and for each whether some case study is about it."""
    current = register[register["end_date"].fillna("") == ""]
    subjects = set(councils.loc[councils["role"] == "subject", "local_authority_code"])
    return current, current["code"].isin(subjects)


def councils_without_case_studies(councils: pd.DataFrame, register: pd.DataFrame) -> pd.DataFrame:
    """The current councils of the register (no end date) that no case study is about.

    `register` has the columns code, official_name, type, region, nation, end_date."""
    current, covered = _current_and_covered(councils, register)
    missing = current[~covered]
    columns = ["code", "official_name", "type", "region", "nation"]
    return missing[columns].sort_values(["type", "official_name"]).reset_index(drop=True)


def coverage_by_council_type(councils: pd.DataFrame, register: pd.DataFrame) -> pd.DataFrame:
    """Current councils per type: how many some case study is about, and how many none is."""
    current, covered = _current_and_covered(councils, register)
    has = covered.map({True: "with case studies", False: "without"})
    table = pd.crosstab(current["type"], has)
    table = table.reindex(columns=["with case studies", "without"], fill_value=0)
    table.columns.name = None
    table.index.name = "type"
    return table.sort_values("with case studies", ascending=False, kind="stable")


def change_counts(changes: pd.DataFrame) -> pd.Series:
    """Case studies added, removed and modified since the previous snapshot."""
    counts = changes["change"].value_counts().reindex(list(CHANGE_KINDS), fill_value=0)
    return counts.astype("int64").rename("case_studies")


def modified_fields(changes: pd.DataFrame) -> pd.Series:
    """How many modified case studies changed in each column."""
    modified = changes[changes["change"] == "modified"]
    return _count_list_values(modified["fields"]).rename("modified_case_studies")


def completeness(manifest: dict) -> dict:
    """What the snapshot holds against what the site reported, and what kept it short."""
    gone = manifest.get("gone") or []
    refused = manifest.get("refused") or {}
    return {
        "complete": bool(manifest.get("complete")),
        "reported_total": manifest.get("reported_total"),
        "written": manifest.get("items_written"),
        "gone": len(gone),
        "refused": len(refused),
        "missing": [m.get("reason", "") for m in manifest.get("missing") or []],
    }
