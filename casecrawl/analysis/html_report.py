"""`report.html`: one self-contained page about a snapshot (its completeness, the notebook's
charts, the changes since the previous snapshot), readable with no network and no script.

Each chart is an SVG in a data: URI, so that the charts' internal ids cannot clash and the
page needs nothing but itself."""

from __future__ import annotations

import base64
from datetime import datetime, timezone
from html import escape
from pathlib import Path

import pandas as pd

from casecrawl import __version__
from casecrawl.analysis import tables
from casecrawl.analysis.charts import Chart, snapshot_charts
from casecrawl.analysis.figures import figure_svg
from casecrawl.councils.register import REGISTER_CREDIT
from casecrawl.dataset import Snapshot

REPORT_NAME = "report.html"
CHANGES_LISTED = 200  # the changes table lists at most this many case studies

STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 980px; margin: 2em auto;
       padding: 0 1em; color: #1b1b1b; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 2em; }
.status { display: inline-block; padding: 0.1em 0.6em; border-radius: 4px; color: white; }
.complete { background: #2e7d32; } .incomplete { background: #b3261e; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { text-align: left; padding: 0.2em 0.8em 0.2em 0; border-bottom: 1px solid #ddd;
         vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1.5em 0; } figure img { max-width: 100%; height: auto; display: block; }
figcaption { color: #555; font-size: 0.9em; }
footer { margin-top: 3em; color: #555; font-size: 0.85em; }
"""


def _svg_image(chart: Chart) -> str:
    data = base64.b64encode(figure_svg(chart.figure).encode("utf-8")).decode("ascii")
    title = chart.figure.axes[0].get_title(loc="left") or chart.figure.get_suptitle()
    return (
        f'<figure id="chart-{escape(chart.key)}"><img alt="{escape(title)}" '
        f'src="data:image/svg+xml;base64,{data}"><figcaption>{escape(chart.caption)}'
        "</figcaption></figure>"
    )


def _rows(pairs) -> str:
    cells = []
    for label, value in pairs:
        css = ' class="n"' if isinstance(value, int) else ""
        cells.append(f"<tr><th>{escape(str(label))}</th><td{css}>{escape(str(value))}</td></tr>")
    return "<table>" + "".join(cells) + "</table>"


def _completeness_section(snapshot: Snapshot) -> str:
    manifest = snapshot.manifest
    facts = tables.completeness(manifest)
    status = (
        '<span class="status complete">complete: published</span>'
        if facts["complete"]
        else '<span class="status incomplete">incomplete: not published</span>'
    )
    pairs = [
        ("case studies the site reported", facts["reported_total"]),
        ("case studies written", facts["written"]),
        ("pages gone (404/410)", facts["gone"]),
        ("pages refused (too large)", facts["refused"]),
    ]
    pairs += [
        (f"rows in {name}", info.get("rows"))
        for name, info in (manifest.get("files") or {}).items()
        if name.endswith(".parquet")
    ]
    missing = "".join(f"<li>{escape(reason)}</li>" for reason in facts["missing"])
    missing_html = f"<p>What is missing:</p><ul>{missing}</ul>" if missing else ""
    return f"<h2>Completeness</h2><p>{status}</p>{_rows(pairs)}{missing_html}"


def _changes_section(snapshot: Snapshot) -> str:
    changes = snapshot.changes
    previous = snapshot.manifest.get("previous_snapshot")
    if not previous:
        return (
            "<h2>Changes</h2><p>No previous snapshot: this is the first, and every case study "
            "in it counts as added.</p>"
        )
    counts = tables.change_counts(changes)
    urls = dict(zip(snapshot.case_studies["id"], snapshot.case_studies["url"], strict=True))
    urls.update(zip(snapshot.removed["id"], snapshot.removed["url"], strict=True))
    listed = []
    for row in changes.head(CHANGES_LISTED).itertuples(index=False):
        url = urls.get(row.case_study_id)
        name = escape(row.case_study_id)
        link = f'<a href="{escape(url)}">{name}</a>' if url else name
        fields = escape(", ".join(row.fields)) if len(row.fields) else ""
        listed.append(f"<tr><td>{escape(row.change)}</td><td>{link}</td><td>{fields}</td></tr>")
    more = (
        f"<p>…and {len(changes) - CHANGES_LISTED} more (the changes table has them all).</p>"
        if len(changes) > CHANGES_LISTED
        else ""
    )
    listing = (
        "<table><tr><th>change</th><th>case study</th><th>columns changed</th></tr>"
        + "".join(listed)
        + "</table>"
        if listed
        else "<p>Nothing changed.</p>"
    )
    return f"<h2>Changes since {escape(previous)}</h2>{_rows(counts.items())}{listing}{more}"


def _councils_without_section(snapshot: Snapshot, register: pd.DataFrame | None) -> str:
    if register is None:
        return (
            "<h2>Councils without case studies</h2><p>The council register was not available, "
            "so this section is left out.</p>"
        )
    missing = tables.councils_without_case_studies(snapshot.councils, register)
    rows = "".join(
        f"<tr><td>{escape(r.official_name)}</td><td>{escape(r.type)}</td>"
        f"<td>{escape(r.region)}</td></tr>"
        for r in missing.itertuples(index=False)
    )
    return (
        f"<h2>Councils without case studies</h2><p>{len(missing)} current councils of the "
        "register are the subject of no case study in this snapshot.</p><details><summary>"
        "List them</summary><table><tr><th>council</th><th>type</th><th>region</th></tr>"
        f"{rows}</table></details>"
    )


def _crawl_time(manifest: dict) -> str:
    """'2026-11-23 15:28 UTC, 6 min' from the manifest's start and end times."""
    try:
        started = datetime.fromisoformat(manifest["started_at"]).astimezone(timezone.utc)
        finished = datetime.fromisoformat(manifest["finished_at"]).astimezone(timezone.utc)
    except (KeyError, TypeError, ValueError):
        return "unknown"
    seconds = (finished - started).total_seconds()
    took = f"{seconds / 60:.0f} min" if seconds >= 120 else f"{seconds:.0f} s"
    return f"{started:%Y-%m-%d %H:%M} UTC, {took}"


def render_report(snapshot: Snapshot, register: pd.DataFrame | None = None) -> str:
    """The report's HTML: completeness, every chart, the changes, councils without any."""
    manifest = snapshot.manifest
    snapshot_id = manifest.get("snapshot_id", snapshot.path.name)
    charts = snapshot_charts(snapshot, register)
    intro = _rows(
        [
            ("site", manifest.get("base_url", "")),
            ("crawled", _crawl_time(manifest)),
            ("kind of run", manifest.get("kind", "crawl")),
            ("casecrawl version", manifest.get("casecrawl_version", "?")),
        ]
    )
    body = [
        f"<h1>casecrawl snapshot {escape(snapshot_id)}</h1>",
        "<p>The Local Government Association's case studies, as one crawl found them.</p>",
        intro,
        _completeness_section(snapshot),
        "<h2>Charts</h2>",
        *(_svg_image(chart) for chart in charts),
        _changes_section(snapshot),
        _councils_without_section(snapshot, register),
        "<footer><p>Case studies: the Local Government Association, "
        '<a href="https://www.local.gov.uk/case-studies">local.gov.uk/case-studies</a>. '
        f"{escape(REGISTER_CREDIT)}. Made by casecrawl {escape(__version__)}; the columns are "
        "described in the snapshot's README.md and datapackage.json.</p></footer>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>casecrawl snapshot {escape(snapshot_id)}</title><style>{STYLE}</style>"
        "</head><body>" + "\n".join(body) + "</body></html>\n"
    )


def write_report(snapshot_path: str | Path, register: pd.DataFrame | None = None) -> Path:
    """Write `report.html` into the snapshot's folder; its path."""
    snapshot = Snapshot.load(snapshot_path)
    target = snapshot.path / REPORT_NAME
    tmp = target.with_suffix(".html.tmp")
    tmp.write_text(render_report(snapshot, register), encoding="utf-8")
    tmp.replace(target)  # a reader never sees half a report
    return target
