"""Web pages: encoding, the portal removed, tables with rowspan/colspan, element paths."""

from __future__ import annotations

from pathlib import Path

from jixiao.ingest import read_document
from jixiao.ingest import sniff_format
from tests.conftest import GOLDEN_DOCS

PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>绩效自评_政务公开</title><script>var a = "部门整体支出";</script></head><body>
<div id="header"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/hd">互动交流</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">财政预决算</a></div>
<div class="main"><h1>2023年度部门整体支出绩效自评报告</h1>
<div class="info">发布时间：2024-06-28　来源：财政局</div>
<div class="content"><p>一、部门基本情况</p><p>本部门内设机构3个，年度预算执行率为98.5%。<br>全年完成目标任务。</p>
<table border="1"><tr><td rowspan="2">资金<br>来源</td><td>合计</td><td>198.8</td></tr>
<tr><td colspan="2">财政拨款 <span>198.8</span></td></tr>
<tr><td>备注</td><td><table><tr><td>子表</td><td>1</td></tr></table>见附表</td><td></td></tr></table>
<p>【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</p></div></div>
<div class="footer">主办单位：财政局 网站标识码：4301000001</div></body></html>"""


def test_a_gbk_portal_page_reads_from_its_title(tmp_path: Path) -> None:
    path = tmp_path / "page.shtml"
    data = PAGE.encode("gbk")
    path.write_bytes(data)
    assert sniff_format(data) == "html"
    doc = read_document(path)
    assert doc.format == "html"
    assert doc.encoding == "gb2312"
    assert [p.text for p in doc.paragraphs()] == [
        "2023年度部门整体支出绩效自评报告",
        "一、部门基本情况",
        "本部门内设机构3个，年度预算执行率为98.5%。",
        "全年完成目标任务。",
    ]
    outer, inner = doc.tables()
    assert outer.rows_text() == [
        ["资金\n来源", "合计", "198.8"],
        ["资金\n来源", "财政拨款 198.8", "财政拨款 198.8"],
        ["备注", "见附表", ""],
    ]
    assert inner.parent == (0, 2, 1)
    assert inner.rows_text() == [["子表", "1"]]
    source = next(c for c in outer.cells if c.text == "资金\n来源")
    assert (source.row_span, source.col_span) == (2, 1)
    assert source.prov.path == "body/div[3]/div[2]/table/tr[1]/td[1]"
    assert doc.paragraphs()[0].prov.path == "body/div[3]/h1"


def test_a_page_saved_under_another_name_is_read_as_a_page(tmp_path: Path) -> None:
    path = tmp_path / "download.asp"
    path.write_bytes(PAGE.encode("gbk"))
    doc = read_document(path)
    assert doc.format == "html"
    assert doc.paragraphs()[0].text == "2023年度部门整体支出绩效自评报告"


def test_utf8_page_without_a_declaration(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    body = (
        "<html><body><div><h2>部门整体支出绩效自评表</h2><p>"
        + "年度目标全面完成，" * 8
        + "</p></div></body></html>"
    )
    path.write_bytes(body.encode("utf-8"))
    doc = read_document(path)
    assert doc.encoding == "utf-8"
    assert [p.text for p in doc.paragraphs()] == ["部门整体支出绩效自评表", "年度目标全面完成，" * 8]


def test_golden_page_rendering_has_the_docx_tables_and_no_portal() -> None:
    docx = read_document(GOLDEN_DOCS / "002_yuelu_2021.docx")
    page = read_document(GOLDEN_DOCS / "002_yuelu_2021.html")

    def shown(rows: list[list[str]]) -> list[list[str]]:  # a browser collapses runs of spaces
        return [
            [" ".join(text.split(" ")) if "  " not in text else " ".join(text.split()) for text in row]
            for row in rows
        ]

    assert [shown(t.rows_text()) for t in page.tables()] == [shown(t.rows_text()) for t in docx.tables()]
    assert [p.text for p in page.paragraphs()] == [p.text for p in docx.paragraphs()]


def test_element_paths_are_lxmls_paths_in_the_page_as_published() -> None:
    from lxml import etree

    from jixiao.ingest.html_page import PATH_ATTRIBUTE
    from jixiao.ingest.html_page import TextCounts
    from jixiao.ingest.html_page import parse_page

    page = (GOLDEN_DOCS / "000_hunan_2024.html").read_bytes().decode("gb18030")
    root = parse_page("p", page)
    tree = etree.ElementTree(root)
    expected = {
        el: tree.getpath(el).removeprefix("/html/").lstrip("/")
        for el in root.iter()
        if isinstance(el.tag, str)
    }
    assert len(expected) > 8000
    TextCounts(root)
    assert {el: el.get(PATH_ATTRIBUTE) for el in expected} == expected
    assert sum(1 for p in expected.values() if p.endswith("]")) > 1000  # siblings of one tag, indexed
