"""Exports open in their natural tools with the expected tables, row counts and types."""

from __future__ import annotations

import csv
import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from jixiao.atomic import write_atomic
from jixiao.export import TABLES
from jixiao.export import export_folder
from jixiao.export import load_reports
from jixiao.export import tidy_tables
from jixiao.schema import Amount
from jixiao.schema import FundRow
from jixiao.schema import Provenance
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable
from jixiao.schema import SourceInfo

NAMES = [t.name for t in TABLES]


def _report(rid: str, name: str, *, phone: str | None = None) -> Report:
    prov = Provenance(file=name, span=(10, 16), page=3, table=0, row=2, col=3)
    fund = FundRow(
        label_raw="年度资金总额",
        category="总额",
        budget=Amount(raw="4576.91", value=Decimal("4576.91"), unit="万元", wan=Decimal("4576.91")),
        executed=Amount(
            raw="5187593.33元", value=Decimal("5187593.33"), unit="元", wan=Decimal("518.759333")
        ),
        rate_reported=Decimal("88.74"),
        weight=Decimal("10"),
        score=Decimal("8.8"),
        prov=prov,
    )
    table = SelfEvalTable(scope="部门整体", funds=[fund], filled_by="张三", phone=phone, prov=prov)
    return Report(
        id=rid,
        source=SourceInfo(path=f"/d/{name}", name=name, format="pdf", sha256=rid * 4, size=1, pages=5),
        department="湖南省妇女联合会",
        fiscal_year=2024,
        dept_table=table,
    )


@pytest.fixture()
def out_folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    for rid, name in (("a" * 16, "one.pdf"), ("b" * 16, "two.pdf")):
        write_atomic(out / f"{name}.json", _report(rid, name, phone="0731-1234567").model_dump_json())
    (out / "sources").mkdir()
    (out / "manifest.jsonl").write_text("", encoding="utf-8")
    return out


def test_tidy_tables_cover_every_group_and_keep_provenance(out_folder: Path) -> None:
    tables = {t.name: t for t in tidy_tables(load_reports(out_folder))}
    assert list(tables) == NAMES
    assert len(tables["reports"].rows) == 2
    fund = tables["funds"].rows[0]
    assert fund["executed"] == Decimal("518.759333")  # 元 normalised to 万元
    assert (fund["file"], fund["page"], fund["src_row"], fund["src_col"], fund["span_start"]) == (
        "one.pdf",
        3,
        2,
        3,
        10,
    )
    # personal data stays out unless asked for
    assert tables["project_tables"].rows[0]["phone"] is None
    personal = {t.name: t for t in tidy_tables(load_reports(out_folder), personal=True)}
    assert personal["project_tables"].rows[0]["phone"] == "0731-1234567"


def test_csv_opens_in_pandas_with_bom(out_folder: Path, tmp_path: Path) -> None:
    paths = export_folder(out_folder, "csv", tmp_path / "csv")
    assert sorted(p.stem for p in paths) == sorted(NAMES)
    raw = (tmp_path / "csv" / "funds.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    df = pd.read_csv(tmp_path / "csv" / "funds.csv", encoding="utf-8-sig")
    assert len(df) == 2 and df.loc[0, "label"] == "年度资金总额" and df.loc[0, "rate_reported"] == 88.74
    rows = list(csv.reader((tmp_path / "csv" / "reports.csv").open(encoding="utf-8-sig")))
    assert rows[0][0] == "report_id" and len(rows) == 3


def test_xlsx_has_a_sheet_per_table_chinese_labels_and_frozen_header(out_folder: Path) -> None:
    (path,) = export_folder(out_folder, "xlsx")
    assert path == out_folder / "exports" / "jixiao.xlsx"
    wb = load_workbook(path)
    assert wb.sheetnames == [t.label for t in TABLES]
    ws = wb["资金"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert "全年执行数（万元）" in header and "执行率（%）" in header
    sheets = pd.read_excel(path, sheet_name=None)
    assert len(sheets["报告"]) == 2 and sheets["报告"].loc[0, "部门"] == "湖南省妇女联合会"


def test_parquet_keeps_decimal_money_and_integer_counts(out_folder: Path, tmp_path: Path) -> None:
    export_folder(out_folder, "parquet", tmp_path / "pq")
    funds = pq.read_table(tmp_path / "pq" / "funds.parquet")
    assert funds.schema.field("executed").type == pa.decimal128(20, 6)
    assert funds.column("executed").to_pylist()[0] == Decimal("518.759333")
    reports = pq.read_table(tmp_path / "pq" / "reports.parquet")
    assert reports.schema.field("fiscal_year").type == pa.int64()
    assert reports.num_rows == 2


def test_sqlite_has_keys_indexes_and_labels(out_folder: Path, tmp_path: Path) -> None:
    (path,) = export_folder(out_folder, "sqlite", tmp_path / "db")
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = ON")
    assert con.execute("SELECT count(*) FROM reports").fetchone() == (2,)
    assert con.execute("SELECT executed, rate_reported FROM funds ORDER BY report_id").fetchall()[0] == (
        518.759333,
        88.74,
    )
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    fks = con.execute("PRAGMA foreign_key_list(funds)").fetchall()
    assert fks and fks[0][2] == "reports"
    assert any(r[1] == "ix_funds_report" for r in con.execute("PRAGMA index_list(funds)").fetchall())
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT INTO funds (report_id) VALUES ('missing')")
    label = con.execute(
        "SELECT label FROM column_labels WHERE table_name='funds' AND column_name='executed'"
    ).fetchone()
    assert label == ("全年执行数（万元）",)


def test_jsonl_lines_parse(out_folder: Path, tmp_path: Path) -> None:
    export_folder(out_folder, "jsonl", tmp_path / "j")
    lines = (tmp_path / "j" / "funds.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["score"] == 8.8


def test_an_empty_or_broken_folder_is_a_clear_error(tmp_path: Path) -> None:
    from jixiao.export import ExportError

    with pytest.raises(ExportError, match="no report files"):
        load_reports(tmp_path)
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ExportError, match=r"bad\.json: not a valid report"):
        load_reports(tmp_path)
