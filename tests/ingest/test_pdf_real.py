"""The PDF reader on a real 决算 PDF: 上海市普陀区财政局 2024 年度部门决算 (25 pages, nine statements).

Expected values were read off the rendered pages, not copied from the reader's output.
"""

from __future__ import annotations

import re

import pdfplumber
import pytest

from jixiao.ingest import read_document
from jixiao.ingest.pdf import read_pdf
from jixiao.schema import Document
from jixiao.schema import Table
from tests.conftest import REALDOC_PDF


@pytest.fixture(scope="module")
def doc() -> Document:
    return read_document(REALDOC_PDF)


def _table(doc: Document, title_cell: str) -> Table:
    return next(t for t in doc.tables() if any(c.text == title_cell for c in t.cells))


def test_pages_tables_and_continuations(doc: Document) -> None:
    assert doc.format == "pdf"
    assert doc.pages == 25
    # The unit list on page 5, then the nine statements; four of them run on to the next page(s).
    assert [t.pages for t in doc.tables()] == [
        [5],
        [6, 7],
        [8, 9],
        [10, 11],
        [12, 13, 14],
        [15],
        [16, 17],
        [18],
        [19],
        [20],
    ]
    assert all(t.header_rows == [] for t in doc.tables())  # this PDF repeats no header rows
    assert doc.noise == []  # no page numbers, headers or footers in this file
    assert doc.warnings == []


def test_unit_list_table(doc: Document) -> None:
    assert doc.tables()[0].rows_text() == [
        ["序号", "单位名称", "备注"],
        ["1", "上海市普陀区财政局（本级）", ""],
        ["2", "上海市普陀区财政局财政所", "预算不单列，并入本级"],
        ["3", "上海市普陀区国库收付中心", "预算不单列，并入本级"],
    ]


def test_income_statement_codes_names_and_amounts(doc: Document) -> None:
    table = _table(doc, "上级补助收入")
    rows = table.rows_text()
    assert table.n_cols == 11
    assert rows[3] == ["类", "款", "项", "合计", "2,946.25", "2,940.05", "", "", "", "", "6.20"]
    assert ["201", "06", "01", "行政运行", "1,511.90", "1,511.89", "", "", "", "", "0.01"] in rows
    assert ["201", "06", "02", "一般行政管理事务", "16.19", "10.00", "", "", "", "", "6.19"] in rows
    # a name wrapped over two lines in its cell is one name again
    assert [
        "208",
        "05",
        "05",
        "机关事业单位基本养老保险缴费支出",
        "160.75",
        "160.75",
        "",
        "",
        "",
        "",
        "",
    ] in rows
    assert ["208", "05", "06", "机关事业单位职业年金缴费支出", "80.38", "80.38", "", "", "", "", ""] in rows
    # the rows on page 9 follow on in the same table, with their own page and box
    assert rows[-5:] == [
        ["210", "11", "01", "行政单位医疗", "60.99", "60.99", "", "", "", "", ""],
        ["221", "", "", "住房保障支出", "445.69", "445.69", "", "", "", "", ""],
        ["221", "02", "", "住房改革支出", "445.69", "445.69", "", "", "", "", ""],
        ["221", "02", "01", "住房公积金", "187.19", "187.19", "", "", "", "", ""],
        ["221", "02", "03", "购房补贴", "258.50", "258.50", "", "", "", "", ""],
    ]
    continued = next(c for c in table.cells if c.text == "行政单位医疗")
    assert continued.prov.page == 9
    assert continued.row == table.n_rows - 5


def test_merged_header_cells_keep_their_spans(doc: Document) -> None:
    table = _table(doc, "上级补助收入")
    spans = {c.text: (c.row, c.col, c.row_span, c.col_span) for c in table.cells if c.row < 3}
    assert spans["项目"] == (0, 0, 1, 4)
    assert spans["本年收入合计"] == (0, 4, 3, 1)
    assert spans["附属单位上缴收入"] == (0, 9, 3, 1)  # written 附属单/位上/缴收入 on three lines
    assert spans["支出功能分类"] == (1, 0, 1, 3)
    assert spans["科目名称"] == (1, 3, 2, 1)
    assert spans["科目编码"] == (2, 0, 1, 3)

    three_public = _table(doc, "财政拨款“三公”经费")
    title = next(c for c in three_public.cells if c.text == "财政拨款“三公”经费")
    assert (title.row, title.col, title.row_span, title.col_span) == (0, 0, 1, 12)
    assert three_public.rows_text()[-1] == ["0.95", "", "", "", "", "", "", "", "", "", "0.95", ""]


def test_expenditure_and_basic_expenditure_statements(doc: Document) -> None:
    spending = _table(doc, "上缴上级支出")
    assert ["201", "06", "01", "行政运行", "1,511.89", "1,503.52", "8.37", "", "", ""] in spending.rows_text()
    assert any(c.text == "对附属单位补助支出" for c in spending.cells)

    basic = _table(doc, "人员经费合计")
    rows = basic.rows_text()
    assert ["301", "01", "基本工资", "262.33", "302", "01", "办公费", "21.21"] in rows
    assert ["303", "09", "奖励金", "0.31", "302", "28", "工会经费", "24.42"] in rows  # page 17
    assert rows[-1] == ["人员经费合计"] * 3 + ["2,152.26"] + ["公用经费合计"] * 3 + ["184.65"]


def test_totals_of_the_summary_statements(doc: Document) -> None:
    summary = doc.tables()[1]
    rows = summary.rows_text()
    assert ["八、其他收入", "6.20", "八、社会保障和就业支出", "326.71"] in rows
    assert ["本年收入合计", "2,946.25", "本年支出合计", "2,940.05"] in rows
    assert rows[-2:] == [
        ["年初结转和结余", "49.14", "年末结转和结余", "55.34"],
        ["总计", "2,995.39", "总计", "2,995.39"],
    ]

    fiscal = doc.tables()[4]
    rows = fiscal.rows_text()
    assert ["本年收入合计", "2,940.05", "本年支出合计", "2,940.05", "2,940.05", "", ""] in rows
    assert ["总计", "2,961.68", "总计", "2,961.68", "2,961.68", "", ""] in rows
    assert rows[-1] == [""] * 7  # the empty row that spilled on to page 14


def test_paragraphs(doc: Document) -> None:
    paragraphs = doc.paragraphs()
    texts = [p.text for p in paragraphs]
    assert "一、收入支出决算总体情况说明" in texts
    assert (
        "上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，"
        "下降1.87%。主要原因：基本支出中人员进出及退休变化，以及项目支出中合同支付进度条款等原因减少支付。"
    ) in texts
    # "（项）" pushed to the next line by line breaking stays in its paragraph
    item5 = next(p for p in paragraphs if p.text.startswith("5、社会保障和就业支出"))
    assert item5.text.startswith(
        "5、社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）。主要用于："
    )
    assert item5.prov.page == 22
    # a centred title wrapped over two lines is one paragraph
    title = next(p for p in paragraphs if p.prov.page == 21)
    assert title.text == "第三部分上海市普陀区财政局2024年度部门决算情况说明"
    note = next(p for p in paragraphs if p.text.startswith("注："))
    assert note.text == "注：上海市普陀区财政局无政府性基金预算财政拨款支出，故本表无数据。"
    assert note.prov.page == 19
    # statement titles sit between their tables in reading order
    blocks = doc.blocks
    income = blocks.index(_table(doc, "上级补助收入"))
    assert [b.text for b in blocks[income - 2 : income]] == ["收入决算表", "单位：万元"]  # type: ignore[union-attr]


def test_every_block_has_page_box_and_exact_span(doc: Document) -> None:
    for block in doc.blocks:
        assert block.prov.page is not None and block.prov.bbox is not None
        if isinstance(block, Table):
            for cell in block.cells:
                assert cell.prov.page in block.pages
                x0, top, x1, bottom = cell.prov.bbox  # type: ignore[misc]
                assert x0 < x1 and top < bottom
                assert doc.span_text(cell.prov.span) == cell.text  # type: ignore[arg-type]
        else:
            assert doc.span_text(block.prov.span) == block.text  # type: ignore[arg-type]


def test_cells_match_pdfplumbers_own_table_finder(doc: Document) -> None:
    """Same cell boxes and the same cell text (ignoring line breaks) as pdfplumber finds by itself."""
    ours = {(c.prov.page, c.prov.bbox): c.text for t in doc.tables() for c in t.cells}
    theirs: dict[tuple[int, tuple[float, ...]], str] = {}
    with pdfplumber.open(REALDOC_PDF) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for table in page.find_tables():
                for row, texts in zip(table.rows, table.extract(), strict=True):
                    for box, text in zip(row.cells, texts, strict=True):
                        if box is not None:
                            theirs[(number, box)] = text or ""
    assert len(ours) == len(theirs) == 1534
    unmatched = []
    for (page, box), text in theirs.items():
        match = [
            t
            for (p, b), t in ours.items()
            if p == page and all(abs(u - v) < 0.1 for u, v in zip(b, box, strict=True))  # type: ignore[arg-type]
        ]
        if len(match) != 1 or re.sub(r"\s", "", match[0]) != re.sub(r"\s", "", text):
            unmatched.append((page, box, text, match))
    assert unmatched == []


def test_fast_path_gives_the_same_document() -> None:
    data = REALDOC_PDF.read_bytes()
    fast = read_pdf(REALDOC_PDF, data)
    full = read_pdf(REALDOC_PDF, data, always_find_tables=True)
    assert fast.model_dump() == full.model_dump()
