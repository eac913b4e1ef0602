"""Workbooks read natively: sheets as sections, merged cells as spans, printed values, hidden parts noted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Border, Side

from jixiao.ingest import read_document
from jixiao.ingest.number_format import format_value
from tests.conftest import GOLDEN_DOCS


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


def _form_workbook(path: Path) -> None:
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目1"
    ws["A1"] = "2023年度项目支出绩效自评表"
    ws.merge_cells("A1:D1")
    ws["A2"] = "单位：万元"
    rows = [
        ["项目名称", "妇女儿童服务", None, None],
        ["资金", "预算数", "执行数", "执行率"],
        [None, 1234.5, 1200, 0.9775],
        [None, None, None, None],  # a spacer row inside the form
        ["一级指标", "二级指标", "指标值", "完成值"],
        ["产出指标", "数量指标", "≥95%", 1.0],
        [None, "质量指标", "100%", "100%"],
    ]
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c)
            cell.value = value
            cell.border = border
    ws.merge_cells("B3:D3")
    ws.merge_cells("A4:A5")
    ws.merge_cells("A8:A9")
    ws["B5"].number_format = "#,##0.00"
    ws["D5"].number_format = "0.00%"
    ws["D8"].number_format = "0%"
    ws["A11"] = "填表人：张三"
    ws["A12"] = "leftover"
    ws.row_dimensions[12].hidden = True
    hidden = wb.create_sheet("下拉选项")
    hidden["A1"] = "是"
    hidden.sheet_state = "hidden"
    wb.save(str(path))


def test_a_form_sheet_reads_as_title_paragraphs_and_one_table(tmp_path: Path) -> None:
    path = tmp_path / "自评表.xlsx"
    _form_workbook(path)
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


def test_xls_written_by_libreoffice_is_read_without_it(tmp_path: Path) -> None:
    # The .xls is made once with LibreOffice when it is installed; reading never needs it.
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is needed to write the .xls fixture")
    source = tmp_path / "form.xlsx"
    _form_workbook(source)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    doc = read_document(
        tmp_path / "form.xls",
    )
    assert doc.format == "xlsx"
    (table,) = doc.tables()
    # No number formats in .xls through calamine: the stored value prints in General format.
    assert table.rows_text()[2] == ["资金", "1234.5", "1200", "0.9775"]
    assert table.rows_text()[0] == ["项目名称", "妇女儿童服务", "妇女儿童服务", "妇女儿童服务"]
    assert "xls workbook: number formats are not read" in doc.warnings[0]


def test_golden_workbook_rendering_has_the_docx_tables() -> None:
    docx = read_document(GOLDEN_DOCS / "003_wangcheng_2020.docx")
    xlsx = read_document(GOLDEN_DOCS / "003_wangcheng_2020.xlsx")
    assert [t.rows_text() for t in xlsx.tables()] == [t.rows_text() for t in docx.tables()]
    for table in xlsx.tables():
        for cell in table.cells:
            assert cell.prov.sheet and cell.prov.cell
