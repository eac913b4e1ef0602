"""Write tidy tables in the formats researchers open: JSONL, CSV, XLSX, Parquet, SQLite.

* CSV is UTF-8 with a byte-order mark so Excel shows the Chinese text correctly.
* XLSX has one sheet per table, Chinese column labels, a frozen header row, filters and sensible widths.
* Parquet keeps types: money and scores as decimal128(20, 6), counts as int64, flags as bool.
* SQLite has a primary key on ``reports``, a foreign key from every other table to it, and indexes.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any
from typing import Literal

import pyarrow as pa
import pyarrow.parquet as pq

from jixiao.atomic import temporary_sibling
from jixiao.atomic import write_atomic
from jixiao.export.rows import TidyTable

Format = Literal["jsonl", "csv", "xlsx", "parquet", "sqlite"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "xlsx", "parquet", "sqlite")
DECIMAL = pa.decimal128(20, 6)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def write_jsonl(tables: list[TidyTable], dest: Path) -> list[Path]:
    paths = []
    for t in tables:
        path = dest / f"{t.name}.jsonl"
        body = "".join(
            json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n" for row in t.rows
        )
        write_atomic(path, body)
        paths.append(path)
    return paths


def write_csv(tables: list[TidyTable], dest: Path, *, labels: bool) -> list[Path]:
    import csv
    import io

    paths = []
    for t in tables:
        buf = io.StringIO()
        buf.write("\ufeff")
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow([c.label if labels else c.key for c in t.columns])
        for row in t.rows:
            writer.writerow(["" if row.get(c.key) is None else _csv_value(row.get(c.key)) for c in t.columns])
        path = dest / f"{t.name}.csv"
        write_atomic(path, buf.getvalue())
        paths.append(path)
    return paths


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return value


def write_xlsx(tables: list[TidyTable], dest: Path, *, labels: bool) -> list[Path]:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for t in tables:
        ws = wb.create_sheet(title=f"{t.label}")
        ws.append([c.label if labels else c.key for c in t.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        widths = [_display_width(c.label if labels else c.key) for c in t.columns]
        for row in t.rows:
            values = [_plain(row.get(c.key)) for c in t.columns]
            ws.append(values)
            for i, v in enumerate(values):
                if v is not None:
                    widths[i] = max(widths[i], _display_width(str(v)))
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = min(max(w + 2, 6), 60)
        ws.freeze_panes = "A2"
        if t.rows:
            ws.auto_filter.ref = ws.dimensions
    path = dest / "jixiao.xlsx"
    tmp = temporary_sibling(path)
    wb.save(str(tmp))
    tmp.replace(path)
    return [path]


def _display_width(text: str) -> int:
    # CJK characters take two columns in Excel's width units.
    first_line = text.split("\n", 1)[0][:80]
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in first_line)


def _arrow_type(kind: str) -> pa.DataType:
    return {"int": pa.int64(), "decimal": DECIMAL, "float": pa.float64(), "bool": pa.bool_()}.get(
        kind, pa.string()
    )


def _arrow_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "decimal":
        return Decimal(value).quantize(Decimal("0.000001"))
    if kind == "int":
        return int(value)
    if kind == "bool":
        return bool(value)
    if kind == "float":
        return float(value)
    return str(value)


def write_parquet(tables: list[TidyTable], dest: Path) -> list[Path]:
    paths = []
    for t in tables:
        schema = pa.schema([pa.field(c.key, _arrow_type(c.kind)) for c in t.columns])
        arrays = [
            pa.array([_arrow_value(r.get(c.key), c.kind) for r in t.rows], type=_arrow_type(c.kind))
            for c in t.columns
        ]
        table = pa.Table.from_arrays(arrays, schema=schema)
        path = dest / f"{t.name}.parquet"
        tmp = temporary_sibling(path)
        pq.write_table(table, tmp)
        tmp.replace(path)
        paths.append(path)
    return paths


_SQL_TYPES = {"int": "INTEGER", "decimal": "NUMERIC", "float": "REAL", "bool": "INTEGER", "text": "TEXT"}


def write_sqlite(tables: list[TidyTable], dest: Path) -> list[Path]:
    path = dest / "jixiao.sqlite"
    tmp = temporary_sibling(path)
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        for t in tables:
            cols = [f'"{c.key}" {_SQL_TYPES.get(c.kind, "TEXT")}' for c in t.columns]
            constraints = []
            if t.name == "reports":
                constraints.append('PRIMARY KEY ("report_id")')
            else:
                if t.primary_key:
                    constraints.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in t.primary_key) + ")")
                constraints.append('FOREIGN KEY ("report_id") REFERENCES reports("report_id")')
            con.execute(f'CREATE TABLE "{t.name}" ({", ".join(cols + constraints)})')
            if t.name != "reports":
                con.execute(f'CREATE INDEX "ix_{t.name}_report" ON "{t.name}" ("report_id")')
            placeholders = ", ".join("?" for _ in t.columns)
            con.executemany(
                f'INSERT INTO "{t.name}" VALUES ({placeholders})',
                [[_sql_value(r.get(c.key)) for c in t.columns] for r in t.rows],
            )
        for t in tables:
            con.execute(
                "CREATE TABLE IF NOT EXISTS column_labels (table_name TEXT, column_name TEXT, label TEXT, PRIMARY KEY (table_name, column_name))"
            )
            con.executemany(
                "INSERT INTO column_labels VALUES (?, ?, ?)", [(t.name, c.key, c.label) for c in t.columns]
            )
        con.commit()
    finally:
        con.close()
    tmp.replace(path)
    return [path]


def _sql_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    if isinstance(value, bool):
        return int(value)
    return value


def write_tables(
    tables: list[TidyTable], dest: Path, fmt: Format, *, labels: bool | None = None
) -> list[Path]:
    """Write all tables in one format into ``dest``; returns the files written.

    Args:
        labels: use the Chinese column labels as headers (default: yes for XLSX, no for CSV).
    """
    dest.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        return write_jsonl(tables, dest)
    if fmt == "csv":
        return write_csv(tables, dest, labels=bool(labels))
    if fmt == "xlsx":
        return write_xlsx(tables, dest, labels=True if labels is None else labels)
    if fmt == "parquet":
        return write_parquet(tables, dest)
    return write_sqlite(tables, dest)
