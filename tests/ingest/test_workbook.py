"""Workbooks read natively: sheets as sections, merged cells as spans, printed values, hidden parts noted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from jixiao.ingest import read_document
from jixiao.ingest.number_format import format_value
from tests.conftest import GOLDEN_DOCS
from tests.conftest import REPO
from tests.data.make_workbooks import FORMATS
from tests.data.make_workbooks import form_workbook

WORKBOOKS = REPO / "tests" / "data" / "workbooks"


@pytest.mark.parametrize(
    ("value", "number_format", "printed"),
    [
        (0.9775, "0.00%", "97.75%"),
        (0.5, "0%", "50%"),
        (1234.5, "#,##0.00", "1,234.50"),
        (1234567.891, "#,##0", "1,234,568"),
        (12.0, "General", "12"),
        (12.5, None, "12.5"),
        (0.1 + 0.2, "General", "0.3"),
        (12.3, '0.00"万元"', "12.30万元"),
        (-5, "#,##0.00_);(#,##0.00)", "(5.00)"),
        (0, '0.00;-0.00;"-"', "-"),
        (98.5, "0.0\\%", "98.5%"),
        (dt.datetime(2024, 5, 1), 'yyyy"年"m"月"d"日"', "2024年5月1日"),
        (dt.datetime(2024, 5, 1), "mm-dd-yy", "2024/5/1"),
        (dt.datetime(2024, 5, 1, 13, 5), "yyyy-mm-dd hh:mm", "2024-05-01 13:05"),
    ],
)
def test_values_print_as_their_number_format_says(
    value: object, number_format: str | None, printed: str
) -> None:
    assert format_value(value, number_format) == printed


def test_a_form_sheet_reads_as_title_paragraphs_and_one_table(tmp_path: Path) -> None:
    path = tmp_path / "自评表.xlsx"
    form_workbook(path)
    doc = read_document(path)
    assert doc.format == "xlsx"
    assert [p.text for p in doc.paragraphs()] == [
        "项目1",
        "2023年度项目支出绩效自评表",
        "单位：万元",
        "填表人：张三",
    ]
    (table,) = doc.tables()
    assert table.rows_text() == [
        ["项目名称", "妇女儿童服务", "妇女儿童服务", "妇女儿童服务"],
        ["资金", "预算数", "执行数", "执行率"],
        ["资金", "1,234.50", "1200", "97.75%"],
        ["一级指标", "二级指标", "指标值", "完成值"],
        ["产出指标", "数量指标", "≥95%", "100%"],
        ["产出指标", "质量指标", "100%", "100%"],
    ]
    funds = next(c for c in table.cells if c.text == "资金")
    assert (funds.row, funds.col, funds.row_span, funds.col_span) == (1, 0, 2, 1)
    rate = next(c for c in table.cells if c.text == "97.75%")
    assert (rate.prov.sheet, rate.prov.cell) == ("项目1", "D5")
    title = doc.paragraphs()[1]
    assert (title.prov.sheet, title.prov.cell) == ("项目1", "A1")
    assert doc.warnings == [
        "sheet '项目1': hidden rows left out: 12",
        "hidden sheet '下拉选项' left out (1 cells)",
    ]


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_xls_and_ods_written_by_libreoffice_read_as_the_xlsx_they_were_saved_from(suffix: str) -> None:
    original = read_document(WORKBOOKS / "form.xlsx")
    doc = read_document(WORKBOOKS / f"form.{suffix}")
    assert doc.format == "xlsx"
    (table,) = doc.tables()
    assert table.rows_text()[2] == ["资金", "1,234.50", "1200", "97.75%"]  # as Excel shows the cells
    assert [t.rows_text() for t in doc.tables()] == [t.rows_text() for t in original.tables()]
    assert [p.text for p in doc.paragraphs()] == [p.text for p in original.paragraphs()]
    cells = [(c.row, c.col, c.row_span, c.col_span, c.prov.cell) for c in table.cells]
    assert cells == [(c.row, c.col, c.row_span, c.col_span, c.prov.cell) for c in original.tables()[0].cells]
    assert doc.warnings == original.warnings  # the hidden row and sheet; no "formats not read"


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_every_number_format_of_a_form_prints_as_excel_shows_it(suffix: str) -> None:
    (table,) = read_document(WORKBOOKS / f"formats.{suffix}").tables()
    assert table.rows_text() == [[code, printed] for _, code, printed in FORMATS]


def test_an_xls_that_xlrd_refuses_is_read_by_calamine_and_says_formats_were_not_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jixiao.ingest import workbook

    def refuse(path: Path, data: bytes) -> None:
        raise workbook.XlsUnreadable("unsupported BIFF version")

    monkeypatch.setattr(workbook, "open_xls", refuse)
    doc = read_document(WORKBOOKS / "form.xls")
    (table,) = doc.tables()
    assert table.rows_text()[2] == ["资金", "1234.5", "1200", "0.9775"]
    assert (
        doc.warnings[0]
        == "xls workbook: number formats are not read, numbers are printed as stored (General)"
    )


def test_golden_workbook_rendering_has_the_docx_tables() -> None:
    docx = read_document(GOLDEN_DOCS / "003_wangcheng_2020.docx")
    xlsx = read_document(GOLDEN_DOCS / "003_wangcheng_2020.xlsx")
    assert [t.rows_text() for t in xlsx.tables()] == [t.rows_text() for t in docx.tables()]
    for table in xlsx.tables():
        for cell in table.cells:
            assert cell.prov.sheet and cell.prov.cell


def test_a_sheet_named_after_its_title_does_not_print_the_title_twice(tmp_path: Path) -> None:
    title = "长沙市望城区妇女联合会2023年度妇女儿童服务项目支出绩效自评表"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title[:31]  # Excel cuts a sheet name at 31 characters
    ws["A1"] = title
    ws["A2"] = "单位：万元"
    ws["A3"], ws["B3"] = "项目名称", "妇女儿童服务"
    ws["A4"], ws["B4"] = "预算数", 12
    other = wb.create_sheet("项目2")
    other["A1"] = "2023年度项目支出绩效自评表"
    other["A2"], other["B2"] = "项目名称", "培训"
    path = tmp_path / "forms.xlsx"
    wb.save(str(path))
    doc = read_document(path)
    assert [p.text for p in doc.paragraphs()] == [title, "单位：万元", "项目2", "2023年度项目支出绩效自评表"]
    first = doc.paragraphs()[0]
    assert (first.prov.sheet, first.prov.cell) == (title[:31], "A1")
    assert [b.prov.sheet for b in doc.blocks] == [title[:31]] * 3 + ["项目2"] * 3


@pytest.mark.parametrize("stem", ["001_yueyang_2024", "003_wangcheng_2020"])
def test_golden_workbook_opens_with_the_documents_own_title(stem: str) -> None:
    docx = read_document(GOLDEN_DOCS / f"{stem}.docx")
    xlsx = read_document(GOLDEN_DOCS / f"{stem}.xlsx")
    assert xlsx.paragraphs()[0].text == docx.paragraphs()[0].text
    assert xlsx.paragraphs()[0].prov.cell == "A1"


def test_formulas_the_file_holds_no_value_for_are_named_as_unread(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "自评表"
    ws.append(["三级指标", "年度指标值", "实际完成值"])
    ws.append(
        ["补助村数量", "=8个", "8"]
    )  # a text starting with = that the writing program stored as a formula
    ws.append(["合计", "=B2", "=C2*1"])
    path = tmp_path / "formulas.xlsx"
    wb.save(path)
    doc = read_document(path)
    assert doc.unread == [
        "formula cells with no saved value, read as empty: 自评表!B2 (=8个), 自评表!B3 (=B2), 自评表!C3 (=C2*1)"
    ]

    plain = openpyxl.Workbook()
    sheet = plain.active
    assert sheet is not None
    sheet.append(["三级指标", "年度指标值"])
    sheet.append(["补助村数量", "8个"])
    plain.save(tmp_path / "plain.xlsx")
    assert read_document(tmp_path / "plain.xlsx").unread == []
