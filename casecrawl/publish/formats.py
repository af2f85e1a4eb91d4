"""How a table's cells are written: Parquet as typed, CSV as a spreadsheet should show them."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from casecrawl.dataset.schema import (
    CSV_FORMULA_STARTS,
    CSV_LIST_SEPARATOR,
    CSV_SECTION_SEPARATOR,
    TABLES,
    arrow_schema,
    is_text,
)


def csv_value(column: str, value) -> str:
    """One cell as the CSV shows it: lists joined with '; ', sections as 'Heading: text' blocks."""
    if value is None:
        return ""
    if column == "sections":
        return CSV_SECTION_SEPARATOR.join(
            f"{s['heading']}: {s['text']}" if s["heading"] else s["text"] for s in value
        )
    if isinstance(value, list):  # a null ID in a list of IDs is an empty element
        return CSV_LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def spreadsheet_safe(cell: str) -> str:
    """A text cell a spreadsheet would take for a formula, shown as text instead (OWASP's
    advice on CSV injection: a leading single quote). Parquet keeps the raw value."""
    return f"'{cell}" if cell.startswith(CSV_FORMULA_STARTS) else cell


def write_parquet(path: Path, table: str, rows: list[dict]) -> int:
    """The table, typed by the schema; its row count."""
    names = [c.name for c in TABLES[table]]
    columns = {name: [row.get(name) for row in rows] for name in names}
    arrow_table = pa.Table.from_pydict(columns, schema=arrow_schema(table))
    pq.write_table(arrow_table, path)
    return arrow_table.num_rows


def write_csv(path: Path, table: str, rows: list[dict]) -> int:
    """The table as RFC 4180 CSV in the schema's column order; its row count."""
    names = [c.name for c in TABLES[table]]
    texts = {c.name for c in TABLES[table] if is_text(c.type)}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow(
                [
                    spreadsheet_safe(cell) if name in texts else cell
                    for name in names
                    for cell in [csv_value(name, row.get(name))]
                ]
            )
    return len(rows)


def write_json_lines(path: Path, records: list[dict]) -> int:
    """One JSON object a line (the rejects); their count."""
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, default=str, ensure_ascii=False) + "\n")
    return len(records)


def write_json(path: Path, document, indent: int = 2) -> None:
    path.write_text(json.dumps(document, indent=indent, default=str) + "\n", "utf-8")
