"""Regenerate the workbook fixtures in tests/data/workbooks/ (run from the repository root).

    python -m tests.data.make_workbooks

``form.xlsx`` is a 项目支出绩效自评表 with merged cells, borders, number formats, a hidden row and a
hidden sheet; ``formats.xlsx`` one value per number format a form uses. LibreOffice (``soffice
--headless --convert-to``) saves each as ``.xls`` (BIFF8, as Excel and WPS write it) and ``.ods``, so
the tests read what another application wrote, not what our own code wrote. The files are committed:
the tests need no LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Border
from openpyxl.styles import Side

HERE = Path(__file__).resolve().parent / "workbooks"

FORMATS: list[tuple[object, str, str]] = [
    # (stored value, number format, as Excel prints it)
    (0.9775, "0.00%", "97.75%"),
    (1.0, "0%", "100%"),
    (1234.5, "#,##0.00", "1,234.50"),
    (1234567.891, "#,##0", "1,234,568"),
    (12.3, '0.00"万元"', "12.30万元"),
    (-5, "#,##0.00_);(#,##0.00)", "(5.00)"),
    (2193.2, "0.00", "2193.20"),
    (12, "General", "12"),
    (dt.datetime(2024, 5, 1), 'yyyy"年"m"月"d"日"', "2024年5月1日"),
    (dt.datetime(2024, 5, 1), "yyyy-mm-dd", "2024-05-01"),
]


def form_workbook(path: Path) -> None:
    """A 自评表 sheet ("项目1"): title and unit rows, a bordered grid with merges and a spacer row, a
    footer, a hidden row; and a hidden sheet of drop-down choices."""
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


def formats_workbook(path: Path) -> None:
    """One row per format: the format code as text in A, the value under it in B."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "格式"
    for r, (value, code, _) in enumerate(FORMATS, start=1):
        ws.cell(r, 1, code)
        cell = ws.cell(r, 2, value)
        cell.number_format = code
    wb.save(str(path))


def convert(source: Path, suffix: str) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to write the .xls and .ods fixtures")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                suffix,
                "--outdir",
                str(source.parent),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )


def main() -> None:
    HERE.mkdir(exist_ok=True)
    form_workbook(HERE / "form.xlsx")
    formats_workbook(HERE / "formats.xlsx")
    for stem in ("form", "formats"):
        for suffix in ("xls", "ods"):
            convert(HERE / f"{stem}.xlsx", suffix)
            print(HERE / f"{stem}.{suffix}")


if __name__ == "__main__":
    main()
