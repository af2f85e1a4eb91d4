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


def _arrow_batch(table: str, rows: list[dict]) -> pa.Table:
    names = [c.name for c in TABLES[table]]
    columns = {name: [row.get(name) for row in rows] for name in names}
    return pa.Table.from_pydict(columns, schema=arrow_schema(table))


def _csv_cells(table: str, row: dict, texts: set[str]) -> list[str]:
    return [
        spreadsheet_safe(cell) if name in texts else cell
        for name in (c.name for c in TABLES[table])
        for cell in [csv_value(name, row.get(name))]
    ]


def write_parquet(path: Path, table: str, rows: list[dict]) -> int:
    """The table, typed by the schema; its row count."""
    arrow_table = _arrow_batch(table, rows)
    pq.write_table(arrow_table, path)
    return arrow_table.num_rows


def write_csv(path: Path, table: str, rows: list[dict]) -> int:
    """The table as RFC 4180 CSV in the schema's column order; its row count."""
    texts = {c.name for c in TABLES[table] if is_text(c.type)}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([c.name for c in TABLES[table]])
        writer.writerows(_csv_cells(table, row, texts) for row in rows)
    return len(rows)


class TableStream:
    """One table written as Parquet (a row group per batch) and CSV as its rows come: never
    held whole in memory. Same files, same cells as write_parquet and write_csv."""

    def __init__(self, parquet_path: Path, csv_path: Path, table: str):
        self.table = table
        self.texts = {c.name for c in TABLES[table] if is_text(c.type)}
        self.parquet = pq.ParquetWriter(parquet_path, arrow_schema(table))
        self.csv_file = csv_path.open("w", encoding="utf-8", newline="")
        self.csv = csv.writer(self.csv_file, lineterminator="\r\n")
        self.csv.writerow([c.name for c in TABLES[table]])
        self.rows = 0

    def write(self, rows: list[dict]) -> None:
        if not rows:
            return
        self.parquet.write_table(_arrow_batch(self.table, rows))
        self.csv.writerows(_csv_cells(self.table, row, self.texts) for row in rows)
        self.rows += len(rows)

    def close(self) -> int:
        self.parquet.close()
        self.csv_file.close()
        return self.rows


def write_json_lines(path: Path, records: list[dict]) -> int:
    """One JSON object a line (the rejects); their count."""
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, default=str, ensure_ascii=False) + "\n")
    return len(records)


def write_json(path: Path, document, indent: int = 2) -> None:
    path.write_text(json.dumps(document, indent=indent, default=str) + "\n", "utf-8")
