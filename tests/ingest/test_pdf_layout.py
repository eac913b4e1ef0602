"""The PDF reader on small PDFs written for one behaviour each: page-joined tables, repeated headers,
page furniture, merged cells, paragraphs, rotated pages."""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from jixiao.ingest import read_document
from jixiao.ingest.pdf import read_pdf
from jixiao.schema import Document
from tests.ingest.pdfgen import PageSpec
from tests.ingest.pdfgen import PdfSpec

XS = [72.0, 200.0, 330.0, 460.0]
HEADER = ["项目", "预算数", "执行数"]


def _read(tmp_path: Path, spec: PdfSpec, name: str = "case.pdf") -> Document:
    path = tmp_path / name
    path.write_bytes(spec.to_bytes())
    return read_document(path)


def _rows_ys(top: float, n: int, step: float = 20.0) -> list[float]:
    return [top + i * step for i in range(n + 1)]


def _two_page_table(repeat_header: bool, *, shift_columns: float = 0.0, text_above: bool = False) -> PdfSpec:
    spec = PdfSpec()
    first = spec.page()
    first.text(72, 60, "附件2", 14)
    rows1 = [HEADER] + [[f"项目{i}", f"{i}.00", f"{i}.50"] for i in range(1, 36)]
    first.table(XS, _rows_ys(100, len(rows1)), rows1)
    second = spec.page()
    top = 72.0
    if text_above:
        second.text(72, 60, "附件3", 14)
        top = 100.0
    rows2 = ([HEADER] if repeat_header else []) + [[f"项目{i}", f"{i}.00", f"{i}.50"] for i in range(36, 40)]
    second.table([x + shift_columns for x in XS], _rows_ys(top, len(rows2)), rows2)
    second.text(72, top + 20 * len(rows2) + 30, "以上为项目支出明细。", 12)
    return spec


def test_table_continued_on_next_page_is_joined_and_repeated_header_marked(tmp_path: Path) -> None:
    doc = _read(tmp_path, _two_page_table(repeat_header=True))
    (table,) = doc.tables()
    assert table.pages == [1, 2]
    rows = table.rows_text()
    assert len(rows) == 36 + 5
    assert rows[36] == HEADER
    assert table.header_rows == [36]
    assert rows[37] == ["项目36", "36.00", "36.50"]
    assert rows[-1] == ["项目39", "39.00", "39.50"]
    cell = next(c for c in table.cells if c.text == "项目36")
    assert (cell.row, cell.prov.page) == (37, 2)
    assert [b.text for b in doc.paragraphs()] == ["附件2", "以上为项目支出明细。"]


def test_continuation_without_repeated_header(tmp_path: Path) -> None:
    doc = _read(tmp_path, _two_page_table(repeat_header=False))
    (table,) = doc.tables()
    assert table.pages == [1, 2]
    assert table.header_rows == []
    assert table.rows_text()[36] == ["项目36", "36.00", "36.50"]


def test_tables_with_other_columns_or_text_above_are_not_joined(tmp_path: Path) -> None:
    shifted = _read(tmp_path, _two_page_table(repeat_header=True, shift_columns=15.0), "shifted.pdf")
    assert [t.pages for t in shifted.tables()] == [[1], [2]]
    titled = _read(tmp_path, _two_page_table(repeat_header=True, text_above=True), "titled.pdf")
    assert [t.pages for t in titled.tables()] == [[1], [2]]
    assert [b.text for b in titled.paragraphs()] == ["附件2", "附件3", "以上为项目支出明细。"]


def _form_copy(page: PageSpec, top: float, project: str, n_rows: int) -> None:
    """A form whose first row is its title across the whole width, then its rows."""
    ys = _rows_ys(top, n_rows + 1)
    page.grid(XS, ys, skip_v={(1, 0), (2, 0)})
    page.text(76, top + 5, "项目支出绩效自评表", 10)
    rows = [["项目名称", project, ""]] + [[f"指标{i}", f"{i}.00", f"{i}.50"] for i in range(1, n_rows)]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value:
                page.text(XS[c] + 2, ys[r] + 5, value, 10)


def test_a_form_opening_again_at_the_top_of_a_page_is_a_new_table(tmp_path: Path) -> None:
    """Forms repeated one per project: a copy that starts a page is not the previous copy going on."""
    spec = PdfSpec()
    _form_copy(spec.page(), 100, "甲项目", 35)
    _form_copy(spec.page(), 72, "乙项目", 4)
    doc = _read(tmp_path, spec)
    assert [t.pages for t in doc.tables()] == [[1], [2]]
    assert [t.rows_text()[1][:2] for t in doc.tables()] == [["项目名称", "甲项目"], ["项目名称", "乙项目"]]
    assert all(t.header_rows == [] for t in doc.tables())


def test_headers_footers_and_page_numbers_go_to_noise(tmp_path: Path) -> None:
    spec = PdfSpec()
    for n in (1, 2, 3):
        page = spec.page()
        page.text(150, 30, "湖南省妇女联合会2024年度部门整体支出绩效自评报告", 9)
        page.text(96, 100, f"第{n}段正文，说明预算执行情况。", 12)
        page.text(260, 800, f"第 {n} 页 共 3 页", 9)
    doc = _read(tmp_path, spec)
    assert [p.text for p in doc.paragraphs()] == [f"第{n}段正文，说明预算执行情况。" for n in (1, 2, 3)]
    assert [(m.kind, m.raw, m.page) for m in doc.noise] == [
        ("page_header", "湖南省妇女联合会2024年度部门整体支出绩效自评报告", 1),
        ("page_number", "第 1 页 共 3 页", 1),
        ("page_header", "湖南省妇女联合会2024年度部门整体支出绩效自评报告", 2),
        ("page_number", "第 2 页 共 3 页", 2),
        ("page_header", "湖南省妇女联合会2024年度部门整体支出绩效自评报告", 3),
        ("page_number", "第 3 页 共 3 页", 3),
    ]
    assert "页眉" not in doc.text and "共 3 页" not in doc.text


def test_a_line_at_the_top_of_one_page_only_is_kept(tmp_path: Path) -> None:
    spec = PdfSpec()
    spec.page().text(72, 40, "部门整体支出绩效自评报告", 16).text(96, 120, "正文。", 12)
    spec.page().text(96, 120, "第二页正文。", 12)
    doc = _read(tmp_path, spec)
    assert [p.text for p in doc.paragraphs()] == ["部门整体支出绩效自评报告", "正文。", "第二页正文。"]
    assert doc.noise == []


def test_cell_spans_from_cell_rectangles(tmp_path: Path) -> None:
    spec = PdfSpec()
    page = spec.page()
    ys = _rows_ys(100, 3)
    # No vertical line between columns 1 and 2 in row 0: one cell two columns wide.
    page.grid(XS, ys, skip_v={(2, 0)})
    page.text(76, 105, "项目", 10).text(204, 105, "金额（万元）", 10)
    page.text(76, 125, "合计", 10).text(204, 125, "120.00", 10).text(334, 125, "98.5%", 10)
    page.text(76, 145, "基本支出", 10).text(204, 145, "80.00", 10)
    doc = _read(tmp_path, spec)
    (table,) = doc.tables()
    spans = {c.text: (c.row, c.col, c.row_span, c.col_span) for c in table.cells}
    assert spans["金额（万元）"] == (0, 1, 1, 2)
    assert table.rows_text() == [
        ["项目", "金额（万元）", "金额（万元）"],
        ["合计", "120.00", "98.5%"],
        ["基本支出", "80.00", ""],
    ]


def test_paragraphs_join_wrapped_lines_and_split_at_indents(tmp_path: Path) -> None:
    spec = PdfSpec()
    page = spec.page()
    page.text(72, 72, "七、存在的问题及原因分析", 12)
    # An indented first line, two wrapped lines flush left; then a new indented paragraph.
    page.text(96, 92, "（一）预算执行进度不均衡，部分项目资金在第四", 12)
    page.text(72, 110, "季度集中支付，全年执行率为88.74%，低于序时", 12)
    page.text(72, 128, "进度。", 12)
    page.text(96, 146, "（二）绩效目标设置不够细化。", 12)
    page.text(96, 800, "下一页接续的段落：本段的第一行写满整行宽度后在", 12)
    spec.page().text(72, 72, "下一页继续，直到句末。", 12)
    doc = _read(tmp_path, spec)
    paragraphs = doc.paragraphs()
    assert [p.text for p in paragraphs] == [
        "七、存在的问题及原因分析",
        "（一）预算执行进度不均衡，部分项目资金在第四季度集中支付，全年执行率为88.74%，低于序时进度。",
        "（二）绩效目标设置不够细化。",
        "下一页接续的段落：本段的第一行写满整行宽度后在下一页继续，直到句末。",
    ]
    assert [p.prov.page for p in paragraphs] == [1, 1, 1, 1]
    assert paragraphs[1].prov.bbox == (72.0, 92.0, 360.0, 140.0)


def test_rotated_page_reads_like_the_page_as_displayed(tmp_path: Path) -> None:
    def landscape(rotate: int) -> PdfSpec:
        spec = PdfSpec()
        page = spec.page(842, 595, rotate=rotate)
        page.text(100, 60, "财政拨款收入支出决算总表", 14)
        page.table(
            [72, 300, 450, 600, 750],
            _rows_ys(100, 2),
            [["项目", "决算数", "项目", "决算数"], ["合计", "2,940.05", "总计", "2,961.68"]],
        )
        return spec

    upright = _read(tmp_path, landscape(0), "upright.pdf")
    rotated = _read(tmp_path, landscape(90), "rotated.pdf")
    assert rotated.tables()[0].rows_text() == [
        ["项目", "决算数", "项目", "决算数"],
        ["合计", "2,940.05", "总计", "2,961.68"],
    ]
    assert rotated.text == upright.text
    assert [b.prov.bbox for b in rotated.blocks] == [b.prov.bbox for b in upright.blocks]
    assert [c.prov.bbox for c in rotated.tables()[0].cells] == [
        c.prov.bbox for c in upright.tables()[0].cells
    ]
    # pdfplumber sees the rotated page's table in the same place
    with pdfplumber.open(tmp_path / "rotated.pdf") as pdf:
        (found,) = pdf.pages[0].find_tables()
    assert found.bbox == rotated.tables()[0].prov.bbox


def test_fast_path_equals_table_finder_on_every_page(tmp_path: Path) -> None:
    spec = _two_page_table(repeat_header=True)
    spec.page().text(96, 100, "只有正文的一页。", 12)
    data = spec.to_bytes()
    path = tmp_path / "mixed.pdf"
    assert read_pdf(path, data).model_dump() == read_pdf(path, data, always_find_tables=True).model_dump()


SPLIT_XS = [72.0, 150.0, 350.0, 420.0, 500.0]


def _split_row_pdf(fragment: str | None, label: tuple[str, str] = ("产出指标", "")) -> PdfSpec:
    """A table whose last row on page 1 ends in a two-line text that fills its cell.

    With ``fragment`` the row was cut by the page break and page 2 opens with the rest of its text;
    without, page 2 opens with the next row. The label in column 0 is merged over the rows on both
    pages (no horizontal line under it); ``label`` is its text on page 1 and what page 2 opens with
    when the break cut it too.
    """
    spec = PdfSpec()
    first = spec.page()
    first.grid(SPLIT_XS, [660.0, 680.0, 700.0, 738.0], skip_h={(2, 0)})
    for c, text in enumerate(["一级指标", "指标内容", "指标值", "得分"]):
        first.text(SPLIT_XS[c] + 2, 664, text, 12)
    for c, text in enumerate([label[0], "开展培训", "≥10次", "5"]):
        first.text(SPLIT_XS[c] + 2, 684, text, 12)
    first.text(152, 704, "开展家庭教育讲座，线上线下", 12)
    first.text(152, 720, "同步推进并覆盖全市各个社区", 12)  # runs to the cell's right edge
    first.text(352, 704, "≥20场", 12).text(422, 704, "5", 12)
    second = spec.page()
    rows = [["", "开展调研", "≥1次", "5"], ["", "开展宣传", "≥2次", "5"]]
    if fragment is not None:
        rows.insert(0, [label[1], fragment, "", ""])
    ys = [72.0 + 20 * r for r in range(len(rows) + 1)]
    second.grid(SPLIT_XS, ys, skip_h={(r, 0) for r in range(1, len(rows))})
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                second.text(SPLIT_XS[c] + 2, ys[r] + 4, text, 12)
    return spec


def test_row_cut_by_a_page_break_is_put_back_together(tmp_path: Path) -> None:
    doc = _read(tmp_path, _split_row_pdf("和乡镇。"))
    (table,) = doc.tables()
    assert table.pages == [1, 2]
    assert table.rows_text() == [
        ["一级指标", "指标内容", "指标值", "得分"],
        ["产出指标", "开展培训", "≥10次", "5"],
        ["产出指标", "开展家庭教育讲座，线上线下同步推进并覆盖全市各个社区和乡镇。", "≥20场", "5"],
        ["产出指标", "开展调研", "≥1次", "5"],
        ["产出指标", "开展宣传", "≥2次", "5"],
    ]
    label = next(c for c in table.cells if c.text == "产出指标")
    # the merged label carries on over the page break
    assert (label.row, label.row_span, label.prov.page) == (1, 4, 1)
    cut = next(c for c in table.cells if c.text.endswith("和乡镇。"))
    assert (cut.row, cut.prov.page) == (2, 1)
    for cell in table.cells:
        assert doc.span_text(cell.prov.span) == cell.text  # type: ignore[arg-type]


def test_a_merged_label_cut_by_a_page_break_labels_every_row_once(tmp_path: Path) -> None:
    """The label's rest opens page 2 in the cell that also covers the rows below: it is joined to the
    label, which goes on over those rows (not left behind as a label of its own, "50分）")."""
    doc = _read(tmp_path, _split_row_pdf("和乡镇。", label=("产出指标（", "50分）")))
    (table,) = doc.tables()
    assert [row[0] for row in table.rows_text()] == ["一级指标", *["产出指标（50分）"] * 4]
    label = next(c for c in table.cells if c.text == "产出指标（50分）")
    assert (label.row, label.row_span, label.prov.page) == (1, 4, 1)
    assert not [c for c in table.cells if c.text == "50分）"]


def test_a_real_row_after_a_page_break_is_not_glued_to_the_last_one(tmp_path: Path) -> None:
    doc = _read(tmp_path, _split_row_pdf(None))
    (table,) = doc.tables()
    assert table.rows_text()[2:] == [
        ["产出指标", "开展家庭教育讲座，线上线下同步推进并覆盖全市各个社区", "≥20场", "5"],
        ["产出指标", "开展调研", "≥1次", "5"],
        ["产出指标", "开展宣传", "≥2次", "5"],
    ]


def test_a_header_row_repeated_inside_a_pdf_table_is_marked(tmp_path: Path) -> None:
    spec = PdfSpec()
    rows = [HEADER, ["合计", "10", "9"], ["基本支出", "6", "6"], HEADER, ["项目支出", "4", "3"]]
    spec.page().table(XS, _rows_ys(100, len(rows)), rows)
    (table,) = _read(tmp_path, spec).tables()
    assert table.header_rows == [3]


def test_a_number_wrapped_in_a_narrow_cell_is_one_number(tmp_path: Path) -> None:
    spec = PdfSpec()
    page = spec.page()
    xs = [72.0, 200.0, 242.0, 296.0]  # two value columns three and four characters wide (one em each)
    ys = [100.0, 120.0, 160.0]
    page.grid(xs, ys)
    for x, text in zip(xs, ["项目", "预算", "执行"], strict=False):
        page.text(x + 2, 104, text, 12)
    page.text(74, 134, "年度资金总额", 12)
    # 1.96 and 100.00% each printed on two lines, as a narrow column wraps them.
    page.text(202, 124, "1.9", 12)
    page.text(202, 140, "6", 12)
    page.text(244, 124, "100", 12)
    page.text(244, 140, ".00%", 12)
    doc = _read(tmp_path, spec)
    assert doc.tables()[0].rows_text() == [["项目", "预算", "执行"], ["年度资金总额", "1.96", "100.00%"]]


def _two_page_rows(xs: list[float], first: list[list[str]], second: list[list[str]]) -> PdfSpec:
    """A table whose last row on page 1 and first row on page 2 are given, one text line per cell."""
    spec = PdfSpec()
    page = spec.page()
    top = 842.0 - 72.0 - 20.0 * len(first)
    page.table(xs, [top + 20 * r for r in range(len(first) + 1)], first, size=12)
    spec.page().table(xs, [72.0 + 20 * r for r in range(len(second) + 1)], second, size=12)
    return spec


def test_a_header_row_split_by_a_page_break_is_one_header(tmp_path: Path) -> None:
    """The break cuts the header's cells after their first line (一级 | 年度 … / 指标 | 指标值 …): joined, the
    cells name the form's columns, so the two parts are one row."""
    xs = [72.0, 140.0, 208.0, 290.0, 372.0]
    first = [["项目名称", "某项目", "", ""], ["一级", "三级", "年度", "实际"]]
    second = [["指标", "指标", "指标值", "完成值"], ["产出指标", "培训人数", "≥100人", "120人"]]
    (table,) = _read(tmp_path, _two_page_rows(xs, first, second)).tables()
    assert table.rows_text()[1:] == [
        ["一级指标", "三级指标", "年度指标值", "实际完成值"],
        ["产出指标", "培训人数", "≥100人", "120人"],
    ]


def test_values_in_narrow_cells_at_a_page_break_stay_two_rows(tmp_path: Path) -> None:
    """Short values fill narrow cells to their edge as cut text does; two whole values one under the other
    (10场 | 6场) are two rows, while a quantity wrapped over the break (≧1850 | 0亩) is one."""
    xs = [72.0, 200.0, 240.0, 280.0]
    first = [["名称", "目标", "实际"], ["开展宣传活动场数合计", "10场", "11场"]]
    second = [["协同开展宣传活动场数", "6场", "7场"]]
    (table,) = _read(tmp_path, _two_page_rows(xs, first, second)).tables()
    assert table.rows_text()[1:] == [
        ["开展宣传活动场数合计", "10场", "11场"],
        ["协同开展宣传活动场数", "6场", "7场"],
    ]
    xs = [72.0, 200.0, 264.0, 328.0]
    first = [["名称", "目标", "实际"], ["施用配方肥面积合计", "≧1850", "1850"]]
    second = [["用于示范区", "0亩", "0亩"]]
    (table,) = _read(tmp_path, _two_page_rows(xs, first, second), "wrapped.pdf").tables()
    assert table.rows_text()[1:] == [["施用配方肥面积合计用于示范区", "≧18500亩", "18500亩"]]
