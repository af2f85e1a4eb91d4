"""The charts of the notebook and the report: each a function from one table of
casecrawl.analysis.tables to a matplotlib Figure, drawn without pyplot (no GUI, no global
state), so a report can be written on a server and a notebook shows the same picture."""

from __future__ import annotations

import io

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

WIDE = (9.0, 4.2)
TALL_BAR_HEIGHT = 0.28  # inches per bar of a horizontal bar chart
COLOURS = ("#1f5f8b", "#e08a1e", "#5b9a3c", "#b8403a", "#7a5ba6", "#8c6d31", "#3b8f8f")


def _new(title: str, size: tuple[float, float] = WIDE):
    figure = Figure(figsize=size, layout="constrained")
    axes = figure.add_subplot()
    axes.set_title(title, loc="left", fontweight="bold")
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _horizontal_bars(series: pd.Series, title: str, xlabel: str) -> Figure:
    """Largest at the top, the value written at the end of each bar."""
    height = max(2.0, 1.0 + TALL_BAR_HEIGHT * len(series))
    figure, axes = _new(title, (WIDE[0], height))
    shown = series.iloc[::-1]
    bars = axes.barh([str(i) for i in shown.index], shown.to_numpy(), color=COLOURS[0])
    axes.bar_label(bars, padding=3, fontsize=8)
    axes.set_xlabel(xlabel)
    axes.margins(x=0.08)
    if series.empty:
        axes.text(0.5, 0.5, "none", transform=axes.transAxes, ha="center", va="center")
    return figure


def plot_per_year(per_year: pd.DataFrame, undated: int) -> Figure:
    """Case studies per year, stacked by where the year comes from."""
    figure, axes = _new("Case studies per year")
    bottom = pd.Series(0, index=per_year.index)
    for colour, basis in zip(COLOURS, per_year.columns, strict=False):
        axes.bar(per_year.index, per_year[basis], bottom=bottom, label=basis, color=colour)
        bottom = bottom + per_year[basis]
    axes.set_ylabel("case studies")
    axes.xaxis.get_major_locator().set_params(integer=True)
    if len(per_year.columns):
        axes.legend(frameon=False, fontsize=8, title=f"year from ({undated} undated)")
    return figure


def plot_top_topics(top: pd.Series) -> Figure:
    return _horizontal_bars(top, "Top topics", "case studies carrying the topic")


def plot_topics_over_time(table: pd.DataFrame) -> Figure:
    """Case studies per year of each top topic, one line each."""
    figure, axes = _new("Top topics over time")
    for colour, topic in zip(COLOURS, table.columns, strict=False):
        axes.plot(table.index, table[topic], marker="o", markersize=3, label=topic, color=colour)
    axes.set_ylabel("case studies")
    axes.xaxis.get_major_locator().set_params(integer=True)
    if len(table.columns):
        axes.legend(frameon=False, fontsize=8, ncols=2)
    return figure


def plot_case_studies_by(counts: pd.Series, what: str) -> Figure:
    """Case studies per region, nation or council type (`what` names it in the title)."""
    return _horizontal_bars(counts, f"Case studies per {what}", "case studies")


def plot_top_councils(ranked: pd.DataFrame) -> Figure:
    series = pd.Series(ranked["case_studies"].to_numpy(), index=ranked["official_name"])
    return _horizontal_bars(series, "Councils with the most case studies", "case studies about it")


def plot_council_coverage(coverage: pd.DataFrame) -> Figure:
    """Current councils per type, with and without a case study about them."""
    height = max(2.0, 1.0 + TALL_BAR_HEIGHT * len(coverage))
    figure, axes = _new("Councils with and without case studies", (WIDE[0], height))
    shown = coverage.iloc[::-1]
    left = pd.Series(0, index=shown.index)
    for colour, column in zip((COLOURS[0], "#c9c9c9"), shown.columns, strict=False):
        axes.barh(shown.index, shown[column], left=left, label=column, color=colour)
        left = left + shown[column]
    axes.set_xlabel("current councils in the register")
    axes.legend(frameon=False, fontsize=8)
    return figure


def plot_changes(counts: pd.Series, fields: pd.Series, previous: str | None) -> Figure:
    """Added, removed and modified case studies, and which columns the modified ones changed."""
    figure = Figure(figsize=WIDE, layout="constrained")
    since = f"since {previous}" if previous else "(no previous snapshot: every row is added)"
    figure.suptitle(f"Changes {since}", x=0.01, ha="left", fontweight="bold")
    kinds, columns = figure.subplots(1, 2, width_ratios=(1, 2))
    bars = kinds.bar(counts.index, counts.to_numpy(), color=COLOURS[:3])
    kinds.bar_label(bars, padding=2, fontsize=8)
    kinds.set_ylabel("case studies")
    shown = fields.iloc[::-1]
    columns.barh([str(i) for i in shown.index], shown.to_numpy(), color=COLOURS[1])
    columns.set_xlabel("modified case studies")
    columns.set_title("columns that changed", fontsize=9, loc="left")
    if fields.empty:
        columns.text(0.5, 0.5, "none", transform=columns.transAxes, ha="center", va="center")
    for axes in (kinds, columns):
        axes.spines[["top", "right"]].set_visible(False)
    return figure


def figure_svg(figure: Figure) -> str:
    """The figure as an inline SVG element; text stays text (selectable, searchable)."""
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "casecrawl"}):
        figure.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]  # without the XML prolog and doctype
