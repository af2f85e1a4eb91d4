"""The charts of a snapshot, in the order the report and the notebook show them."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from casecrawl.analysis import figures, tables
from casecrawl.dataset import Snapshot

AREAS = (("regions", "region"), ("nations", "nation"), ("council_types", "council type"))


@dataclass(frozen=True)
class Chart:
    key: str
    caption: str
    figure: Figure


def snapshot_charts(snapshot: Snapshot, register: pd.DataFrame | None = None) -> list[Chart]:
    """Every chart of the snapshot; the council coverage chart needs the register."""
    cs = snapshot.case_studies
    undated = tables.undated_count(cs)
    charts = [
        Chart(
            "per_year",
            f"The year shown on the page, else the month the site's date filter places it in; "
            f"{undated} case studies have neither.",
            figures.plot_per_year(tables.case_studies_per_year(cs), undated),
        ),
        Chart(
            "top_topics",
            "A case study counts once for each topic it carries (a topic and a sub-topic).",
            figures.plot_top_topics(tables.top_topics(cs)),
        ),
        Chart(
            "topics_over_time",
            "Case studies per year of the six most common topics.",
            figures.plot_topics_over_time(tables.topics_over_time(cs)),
        ),
    ]
    charts += _council_charts(snapshot, register)
    charts.append(
        Chart(
            "changes",
            "From the snapshot's changes table: case studies added, removed and modified since "
            "the previous snapshot, and the columns the modified ones changed in.",
            figures.plot_changes(
                tables.change_counts(snapshot.changes),
                tables.modified_fields(snapshot.changes),
                snapshot.manifest.get("previous_snapshot"),
            ),
        )
    )
    return charts


def _council_charts(snapshot: Snapshot, register: pd.DataFrame | None) -> list[Chart]:
    """By area, the top councils and, with the register, the coverage by council type."""
    cs, charts = snapshot.case_studies, []
    for column, what in AREAS:
        charts.append(
            Chart(
                f"per_{what.replace(' ', '_')}",
                f"By the councils a case study is about; one about councils in two places "
                f"counts in both, one about no identified council under "
                f"'{tables.NO_COUNCIL}'.",
                figures.plot_case_studies_by(tables.case_studies_by(cs, column), what),
            )
        )
    charts.append(
        Chart(
            "top_councils",
            "The 20 councils most case studies are about (case_study_councils, role subject).",
            figures.plot_top_councils(tables.councils_ranked(snapshot.councils)),
        )
    )
    if register is not None:
        charts.append(
            Chart(
                "council_coverage",
                "Current councils of mySociety's register, by type: how many some case study "
                "is about.",
                figures.plot_council_coverage(
                    tables.coverage_by_council_type(snapshot.councils, register)
                ),
            )
        )
    return charts
