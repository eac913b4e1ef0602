"""The DOCX reader on Word files made here with python-docx: merged cells, nested tables, list labels."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph as WordParagraph
from PIL import Image

from jixiao.errors import CorruptFileError
from jixiao.errors import EmptyDocumentError
from jixiao.ingest import read_document
from jixiao.ingest.docx_numbering import chinese_counting
from jixiao.ingest.docx_numbering import format_counter
from jixiao.schema import Document
from jixiao.schema import Paragraph
from jixiao.schema import Table

W = nsdecls("w")


def _save(document: WordDocument, tmp_path: Path, name: str = "case.docx") -> Document:
    path = tmp_path / name
    document.save(str(path))
    return read_document(path)


def _level(ilvl: int, fmt: str, text: str, *, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def _add_list(document: WordDocument, abstract_id: int, levels: list[str], num_ids: dict[int, str]) -> None:
    """Register an abstract list definition and list instances (numId → extra lvlOverride XML)."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="{abstract_id}">{"".join(levels)}</w:abstractNum>'
    )
    first_num = numbering.find(f"{{{numbering.nsmap['w']}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    for num_id, overrides in num_ids.items():
        numbering.append(
            parse_xml(
                f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'
            )
        )


def _numbered(document: WordDocument, text: str, num_id: int, ilvl: int = 0) -> WordParagraph:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )
    return paragraph


def _labels(doc: Document) -> list[tuple[str | None, str]]:
    return [(p.numbering, p.text) for p in doc.paragraphs()]


def test_paragraphs_and_tables_in_body_order_with_styles(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("一、部门基本情况", level=1)
    document.add_paragraph("　　本部门2024年度预算总额为198.8万元。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).text = "金额"
    table.cell(1, 0).text = "合计"
    table.cell(1, 1).text = "198.8"
    document.add_paragraph("二、绩效目标完成情况", style="Heading 2")
    doc = _save(document, tmp_path)
    assert doc.format == "docx"
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    first, body, tbl, last = doc.blocks
    assert isinstance(first, Paragraph) and isinstance(body, Paragraph) and isinstance(last, Paragraph)
    assert (first.style, first.text) == ("Heading 1", "一、部门基本情况")
    assert (body.style, body.text) == (
        "Normal",
        "本部门2024年度预算总额为198.8万元。",
    )  # ideographic spaces stripped
    assert (last.style, last.text) == ("Heading 2", "二、绩效目标完成情况")
    assert isinstance(tbl, Table)
    assert tbl.rows_text() == [["项目", "金额"], ["合计", "198.8"]]
    assert (
        doc.text
        == "一、部门基本情况\n本部门2024年度预算总额为198.8万元。\n项目\t金额\n合计\t198.8\n二、绩效目标完成情况\n"
    )
    assert [b.prov.block for b in doc.blocks] == [0, 1, 2, 3]


def test_merged_cells_keep_spans_and_origin_only(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=4, cols=4)
    texts = [
        ["一级指标", "二级指标", "三级指标", "分值"],
        ["产出指标", "数量指标", "培训人次", "10"],
        ["", "质量指标", "合格率", "10"],
        ["效益指标", "社会效益", "满意度", "20"],
    ]
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 0).merge(table.cell(2, 0)).text = "产出指标"  # vertical: vMerge restart/continue
    table.cell(3, 1).merge(table.cell(3, 2)).text = "社会效益：满意度"  # horizontal: gridSpan 2
    document.add_paragraph("end")
    doc = _save(document, tmp_path)
    (tbl,) = doc.tables()
    cells = {(c.row, c.col): (c.row_span, c.col_span, c.text) for c in tbl.cells}
    assert cells[(1, 0)] == (2, 1, "产出指标")
    assert (2, 0) not in cells  # covered by the merge, not listed
    assert cells[(3, 1)] == (1, 2, "社会效益：满意度")
    assert (3, 2) not in cells
    assert len(tbl.cells) == 14
    assert tbl.rows_text()[2] == ["产出指标", "质量指标", "合格率", "10"]
    assert tbl.rows_text()[3] == ["效益指标", "社会效益：满意度", "社会效益：满意度", "20"]
    # the canonical text lists the origin cell once
    assert "效益指标\t社会效益：满意度\t20\n" in doc.text


def test_block_merge_and_in_cell_paragraphs(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    block = table.cell(0, 0).merge(table.cell(1, 1))
    block.text = "年度总体目标"
    block.add_paragraph("")  # an empty paragraph inside the cell is dropped
    block.add_paragraph("一是完成培训；")
    table.cell(2, 2).text = "完成"
    doc = _save(document, tmp_path)
    (tbl,) = doc.tables()
    origin = next(c for c in tbl.cells if c.row == 0 and c.col == 0)
    assert (origin.row_span, origin.col_span) == (2, 2)
    assert origin.text == "年度总体目标\n一是完成培训；"
    assert {(c.row, c.col) for c in tbl.cells} == {(0, 0), (0, 2), (1, 2), (2, 0), (2, 1), (2, 2)}


def test_nested_table_is_its_own_block_with_parent(tmp_path: Path) -> None:
    document = docx.Document()
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text = "项目名称"
    outer.cell(0, 1).text = "资金情况"
    inner = outer.cell(1, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "预算数"
    inner.cell(0, 1).text = "执行数"
    inner.cell(1, 0).text = "50"
    inner.cell(1, 1).text = "48.5"
    document.add_table(rows=1, cols=1).cell(0, 0).text = "下一张表"
    doc = _save(document, tmp_path)
    first, nested, last = doc.tables()
    assert (first.index, first.parent) == (0, None)
    assert (nested.index, nested.parent) == (1, (0, 1, 1))
    assert nested.rows_text() == [["预算数", "执行数"], ["50", "48.5"]]
    assert (last.index, last.parent, last.rows_text()) == (2, None, [["下一张表"]])
    assert first.rows_text() == [["项目名称", "资金情况"], ["", ""]]  # the nested text is not repeated


def test_list_labels_follow_words_counting_rules(tmp_path: Path) -> None:
    document = docx.Document()
    _add_list(
        document,
        90,
        [
            _level(0, "chineseCounting", "%1、"),
            _level(1, "chineseCounting", "（%2）"),
            _level(2, "decimal", "%3."),
            _level(3, "decimal", "%1.%4", extra="<w:isLgl/>"),
        ],
        {901: "", 902: "", 903: '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'},
    )
    _add_list(
        document,
        91,
        [
            _level(0, "chineseCountingThousand", "第%1部分"),
            _level(1, "decimal", "%2)", extra='<w:lvlRestart w:val="0"/>'),
        ],
        {911: ""},
    )
    _add_list(
        document,
        92,
        [_level(0, "ideographTraditional", "%1."), _level(1, "decimalEnclosedCircle", "%2")],
        {921: ""},
    )
    _numbered(document, "部门基本情况", 901, 0)
    _numbered(document, "部门职能", 901, 1)
    _numbered(document, "机构设置", 901, 1)
    _numbered(document, "内设机构", 901, 2)
    _numbered(document, "下属单位", 901, 2)
    _numbered(document, "编号含上级", 901, 3)
    _numbered(document, "", 901, 0)  # an empty numbered paragraph still takes a number
    _numbered(document, "绩效目标", 901, 0)
    _numbered(document, "总体目标", 901, 1)
    _numbered(document, "同一定义的另一个实例接着数", 902, 0)
    _numbered(document, "重新编号", 903, 0)
    _numbered(document, "整体情况", 911, 0)
    _numbered(document, "子项甲", 911, 1)
    _numbered(document, "绩效情况", 911, 0)
    _numbered(document, "子项乙（不重新编号）", 911, 1)
    _numbered(document, "甲项", 921, 0)
    _numbered(document, "圈一", 921, 1)
    _numbered(document, "乙项", 921, 0)
    document.add_paragraph("普通段落")
    _numbered(document, "未定义的列表", 999, 0)
    doc = _save(document, tmp_path)
    assert _labels(doc) == [
        ("一、", "部门基本情况"),
        ("（一）", "部门职能"),
        ("（二）", "机构设置"),
        ("1.", "内设机构"),
        ("2.", "下属单位"),
        ("1.1", "编号含上级"),
        ("三、", "绩效目标"),
        ("（一）", "总体目标"),
        ("四、", "同一定义的另一个实例接着数"),
        ("一、", "重新编号"),
        ("第一部分", "整体情况"),
        ("1)", "子项甲"),
        ("第二部分", "绩效情况"),
        ("2)", "子项乙（不重新编号）"),
        ("甲.", "甲项"),
        ("①", "圈一"),
        ("乙.", "乙项"),
        (None, "普通段落"),
        (None, "未定义的列表"),
    ]
    # the label is never part of the text
    assert "一、部门基本情况" not in doc.text


def test_numbering_inherited_from_a_heading_style(tmp_path: Path) -> None:
    document = docx.Document()
    _add_list(
        document, 93, [_level(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="Heading1"/>')], {931: ""}
    )
    style = document.styles["Heading 1"].element
    style.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:numId w:val="931"/></w:numPr>'))
    document.add_heading("部门概况", level=1)
    document.add_paragraph("正文")
    document.add_heading("存在的问题", level=1)
    doc = _save(document, tmp_path)
    assert _labels(doc) == [("一、", "部门概况"), (None, "正文"), ("二、", "存在的问题")]


def test_numbered_paragraphs_inside_cells_keep_the_count(tmp_path: Path) -> None:
    document = docx.Document()
    _add_list(document, 94, [_level(0, "decimal", "%1、")], {941: ""})
    _numbered(document, "表前", 941)
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "表内"
    cell.paragraphs[0]._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="941"/></w:numPr>')
    )
    _numbered(document, "表后", 941)
    doc = _save(document, tmp_path)
    assert _labels(doc) == [("1、", "表前"), ("3、", "表后")]
    assert doc.tables()[0].cells[0].text == "表内"


def test_counter_formats() -> None:
    assert [chinese_counting(n) for n in (1, 10, 11, 20, 99, 100, 101, 110, 1001)] == [
        "一",
        "十",
        "十一",
        "二十",
        "九十九",
        "一百",
        "一百零一",
        "一百一十",
        "一千零一",
    ]
    assert format_counter(3, "chineseLegalSimplified") == "叁"
    assert format_counter(12, "chineseLegalSimplified") == "壹拾贰"
    assert format_counter(10, "ideographDigital") == "一〇"
    assert format_counter(11, "ideographTraditional") == "甲"  # the ten 天干 repeat
    assert format_counter(3, "ideographZodiac") == "寅"
    assert format_counter(12, "decimalEnclosedCircle") == "⑫"
    assert format_counter(4, "decimalEnclosedParen") == "⑷"
    assert format_counter(12, "decimalFullWidth") == "１２"
    assert format_counter(7, "decimalZero") == "07"
    assert format_counter(14, "lowerRoman") == "xiv"
    assert format_counter(28, "upperLetter") == "BB"
    assert format_counter(5, "none") == ""


def test_text_runs_symbols_breaks_revisions_and_hidden_text(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("培训人次")
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:sym {W} w:font="Symbol" w:char="F0B3"/>'))
    paragraph.add_run("2000人次")
    hidden = paragraph.add_run("（隐藏）")
    hidden.font.hidden = True
    paragraph._p.append(
        parse_xml(f'<w:del {W} w:id="1" w:author="a"><w:r><w:delText>已删除</w:delText></w:r></w:del>')
    )
    paragraph._p.append(parse_xml(f'<w:ins {W} w:id="2" w:author="a"><w:r><w:t>（新增）</w:t></w:r></w:ins>'))
    lines = document.add_paragraph("第一行")
    lines.add_run().add_break()
    lines.add_run("第二行\t末尾")
    document.add_paragraph("[bookmark: _Toc1234]七、存在的问题")
    doc = _save(document, tmp_path)
    assert [p.text for p in doc.paragraphs()] == [
        "培训人次≥2000人次（新增）",
        "第一行",
        "第二行 末尾",
        "七、存在的问题",
    ]
    assert [(n.kind, n.raw) for n in doc.noise] == [("bookmark", "[bookmark: _Toc1234]")]


def test_headers_footers_and_pictures_are_noise(tmp_path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "湖南省妇女联合会"
    section.footer.paragraphs[0].text = "- 1 -"
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(picture, format="PNG")
    document.add_paragraph("附图：")
    document.add_picture(picture)
    doc = _save(document, tmp_path)
    assert [p.text for p in doc.paragraphs()] == ["附图："]
    kinds = sorted((n.kind, n.raw) for n in doc.noise)
    assert kinds[0][0] == "image" and kinds[0][1].startswith("[image")
    assert kinds[1:] == [("page_footer", "- 1 -"), ("page_header", "湖南省妇女联合会")]
    assert "湖南省妇女联合会" not in doc.text


def test_a_header_row_repeated_in_the_table_is_marked(tmp_path: Path) -> None:
    document = docx.Document()
    rows = [
        ["一级指标", "二级指标", "分值"],
        ["产出指标", "数量指标", "20"],
        ["产出指标", "质量指标", "20"],
        ["效益指标", "社会效益", "30"],
        ["一级指标", "二级指标", "分值"],
        ["满意度指标", "服务对象满意度", "10"],
    ]
    table = document.add_table(rows=len(rows), cols=3)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc = _save(document, tmp_path)
    assert doc.tables()[0].header_rows == [4]


def test_every_span_gives_back_its_text(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("一、部门基本情况", 1)
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "项目支出绩效自评表\n（2024年度）"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "产出指标"
    table.cell(1, 1).add_table(rows=1, cols=2).cell(0, 1).text = "嵌套"
    document.add_paragraph("结尾。")
    doc = _save(document, tmp_path)
    assert len(doc.tables()) == 2
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            assert doc.span_text(block.prov.span) == block.text  # type: ignore[arg-type]
        else:
            for cell in block.cells:
                assert doc.span_text(cell.prov.span) == cell.text  # type: ignore[arg-type]
                assert (cell.prov.table, cell.prov.row, cell.prov.col) == (block.index, cell.row, cell.col)


def test_damaged_and_empty_word_files(tmp_path: Path) -> None:
    document = docx.Document()
    path = tmp_path / "blank.docx"
    document.save(str(path))
    with pytest.raises(EmptyDocumentError, match=r"blank\.docx: the Word document holds no text"):
        read_document(path)
    broken = tmp_path / "broken.docx"
    data = path.read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptFileError, match=r"broken\.docx: "):
        read_document(broken)
