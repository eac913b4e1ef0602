"""Render the golden seeds as published on government sites: a workbook, a 政务公开 web page, and scans.

From the same blocks as the DOCX renderings (``render.py``):

* ``<stem>.xlsx`` — one sheet per form: the paragraphs before a table as rows merged across the form's
  width, the table with real merged cells and thin borders; amounts stored as numbers under a number
  format (``#,##0.00``, ``0.00``), percentages as fractions under ``0.00%``; project codes and other
  text stay text. Paragraphs after the last table go below it on the last sheet.
* ``<stem>.html`` — a GBK-encoded page the way county portals publish: header, navigation, breadcrumb,
  a sidebar of links in a layout table, the title, a 发布时间/来源 line, the body (paragraphs and tables
  with ``rowspan``/``colspan``), share and 打印/关闭 links, footer, scripts and styles.
* ``<stem>.scan.pdf`` — the PDF rendering's pages as 200-dpi greyscale pictures with mild noise and a
  small rotation, saved as an image-only PDF (for the small seeds whose every page is a form page).

Usage (from the repository root)::

    python golden/render/render_formats.py              # all seeds, all three
    python golden/render/render_formats.py --only xlsx 002_yuelu_2021
"""

from __future__ import annotations

import argparse
import html as html_escape
import io
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from render import DOCS, HERE, SEEDS, Block, TableSpec, blocks_from_text, blocks_from_yaml

SCAN_SEEDS = ("002_yuelu_2021", "003_wangcheng_2020")
SCAN_DPI = 200
_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")
_PERCENT = re.compile(r"^-?\d+(?:\.(\d+))?%$")


def load_blocks(stem: str) -> list[Block]:
    source_yaml = HERE / f"{stem}.yaml"
    return blocks_from_yaml(source_yaml) if source_yaml.exists() else blocks_from_text(DOCS / f"{stem}.txt")


# --- workbook -----------------------------------------------------------------------------------


def typed_value(text: str) -> tuple[object, str | None]:
    """A cell's text as a workbook would store it: (value, number format)."""
    m = _PERCENT.match(text)
    if m:
        decimals = len(m.group(1) or "")
        fmt = "0%" if decimals == 0 else "0." + "0" * decimals + "%"
        return round(float(text[:-1]) / 100, decimals + 4), fmt
    m = _AMOUNT.match(text)
    # Leading zeros (project codes, 001) and long digit strings (codes, phone numbers) stay text.
    if m and not (text.lstrip("-").startswith("0") and len(text.split(".")[0].lstrip("-")) > 1):
        if len(text.replace(",", "").split(".")[0]) > 12:
            return text, None
        decimals = len(m.group(1) or "")
        grouping = "," in text
        if decimals == 0 and not grouping:
            return int(text), "0"
        base = "#,##0" if grouping else "0"
        return float(text.replace(",", "")), base + ("." + "0" * decimals if decimals else "")
    return text, None


def sheet_name(index: int, title: str | None, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "", (title or "").strip())[:28] or f"表{index}"
    base, n = name, 2
    while name in used:
        name = f"{base[:26]}{n}"
        n += 1
    used.add(name)
    return name


def write_xlsx(blocks: list[Block], target: Path) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Border, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    groups: list[tuple[list[str], TableSpec | None]] = []
    pending: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            pending.append(block)
        else:
            groups.append((pending, block))
            pending = []
    if pending:
        if groups:
            groups.append((pending, None))
        else:
            groups.append((pending, None))
    used: set[str] = set()
    ws = None
    for index, (paragraphs, table) in enumerate(groups, start=1):
        if table is None and ws is not None:
            row = ws.max_row + 2
            width = getattr(ws, "_form_width", 1)
        else:
            title = paragraphs[-1] if paragraphs and len(paragraphs[-1]) <= 40 else None
            ws = wb.create_sheet(sheet_name(index, title, used))
            row = 1
            width = table.n_cols if table else 1
            ws._form_width = width  # type: ignore[attr-defined]
            for c in range(1, width + 1):
                ws.column_dimensions[get_column_letter(c)].width = 16
        for text in paragraphs:
            cell = ws.cell(row, 1, text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if width > 1:
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            row += 1
        if table is None:
            continue
        top = row
        for r, cells in enumerate(table.rows):
            for c, spec in enumerate(cells):
                target_cell = ws.cell(top + r, c + 1)
                target_cell.border = border
                if spec is None:
                    continue
                value, fmt = typed_value(spec.text) if "\n" not in spec.text else (spec.text, None)
                target_cell.value = value if value != "" else None
                if fmt:
                    target_cell.number_format = fmt
                target_cell.alignment = Alignment(wrap_text=True, vertical="center")
                if spec.row_span > 1 or spec.col_span > 1:
                    ws.merge_cells(
                        start_row=top + r,
                        start_column=c + 1,
                        end_row=top + r + spec.row_span - 1,
                        end_column=c + spec.col_span,
                    )
        ws.cell(top + len(table.rows) + 1, 1)  # a blank row after the form
    wb.save(str(target))


# --- web page -----------------------------------------------------------------------------------

_PAGE_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{title}_财政预决算_政务公开</title>
<link rel="stylesheet" type="text/css" href="/css/style.css" />
<style type="text/css">body{{margin:0;font-size:14px}} .content td{{border:1px solid #000}}</style>
<script type="text/javascript" src="/js/jquery.min.js"></script>
<script type="text/javascript">var _hits = 0; function doZoom(size){{document.getElementById('zoom').style.fontSize=size+'px';}}</script>
</head>
<body>
<div class="top"><div class="logo"><img src="/images/logo.png" alt="人民政府门户网站" /></div>
<div class="toplink"><a href="/">网站首页</a> | <a href="/wza/">无障碍浏览</a> | <a href="/en/">English</a> | <a href="/app/">移动版</a></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjxq/">走进本地</a></li><li><a href="/ztzl/">专题专栏</a></li></ul></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/czyjs/">财政预决算</a> &gt; 正文</div>
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center"><tr>
<td width="220" valign="top" class="left"><div class="lmdh"><h3>栏目导航</h3><ul>
<li><a href="/zwgk/zfxxgkzn/">政府信息公开指南</a></li><li><a href="/zwgk/zfxxgkzd/">政府信息公开制度</a></li>
<li><a href="/zwgk/fdzdgknr/">法定主动公开内容</a></li><li><a href="/zwgk/czyjs/">财政预决算</a></li>
<li><a href="/zwgk/zfxxgknb/">政府信息公开年报</a></li></ul></div></td>
<td width="780" valign="top" class="right">
<div class="article">
"""

_PAGE_TAIL = """</div>
<div class="share">分享到：<a href="#" class="bds_weixin">微信</a> <a href="#" class="bds_tsina">微博</a> <a href="#" class="bds_qzone">QQ空间</a></div>
<div class="printbar">【<a href="javascript:window.print()">打印本页</a>】 【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="related"><h4>相关链接</h4><ul><li><a href="/a/1.html">2023年度部门预算公开</a></li><li><a href="/a/2.html">2022年度部门决算公开</a></li><li><a href="/a/3.html">关于2021年度财政资金绩效评价情况的说明</a></li></ul></div>
</div>
</td></tr></table>
<div class="footer"><p>主办单位：人民政府办公室　承办单位：政务服务数据管理局</p>
<p>网站标识码：4301000001　<a href="https://beian.miit.gov.cn/">湘ICP备05004321号</a>　湘公网安备 43010202000123号</p>
<script type="text/javascript">document.write(unescape("%3Cspan id='_ideConac' %3E%3C/span%3E"));</script></div>
</body>
</html>
"""


def _cell_html(text: str) -> str:
    lines = text.split("\n") if text else [""]
    return "".join(f'<p style="margin:0">{html_escape.escape(line)}</p>' for line in lines)


def write_html(blocks: list[Block], target: Path) -> None:
    first = blocks[0] if blocks else ""
    title_block = isinstance(first, str) and len(first) <= 60 and "\n" not in first
    title = first if title_block and isinstance(first, str) else "部门绩效自评"
    out: list[str] = [_PAGE_HEAD.format(title=html_escape.escape(title))]
    body = blocks[1:] if title_block else blocks
    if title_block:
        out.append(f'<h1 class="title">{html_escape.escape(title)}</h1>\n')
    out.append(
        '<div class="info">发布时间：2024-06-28 09:30　来源：财政局　浏览次数：<span id="hits">328</span>'
        '　【字体：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> '
        '<a href="javascript:doZoom(12)">小</a>】</div>\n<div class="content" id="zoom">\n'
    )
    for block in body:
        if isinstance(block, str):
            lines = block.split("\n")
            out.append(
                '<p style="text-indent:2em">' + "<br />".join(html_escape.escape(x) for x in lines) + "</p>\n"
            )
            continue
        out.append(
            '<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse">\n<tbody>\n'
        )
        for row in block.rows:
            out.append("<tr>")
            for spec in row:
                if spec is None:
                    continue
                attrs = ""
                if spec.row_span > 1:
                    attrs += f' rowspan="{spec.row_span}"'
                if spec.col_span > 1:
                    attrs += f' colspan="{spec.col_span}"'
                out.append(f'<td{attrs} valign="middle">{_cell_html(spec.text)}</td>')
            out.append("</tr>\n")
        out.append("</tbody>\n</table>\n<p>&nbsp;</p>\n")
    out.append(_PAGE_TAIL)
    # Characters outside GBK become numeric references, as a GBK page's editor writes them.
    target.write_bytes("".join(out).encode("gbk", errors="xmlcharrefreplace"))


# --- scans --------------------------------------------------------------------------------------


def scan_pages(pdf_path: Path, seed: int) -> list[object]:
    """The PDF's pages as noisy, slightly rotated 200-dpi greyscale pictures (PIL images)."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(str(pdf_path))
    images = []
    try:
        for index in range(len(pdf)):
            image = pdf[index].render(scale=SCAN_DPI / 72).to_pil().convert("L")
            angle = float(rng.uniform(-0.8, 0.8))
            image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            pixels = np.asarray(image, dtype=np.float32)
            pixels = pixels * 0.92 + 10 + rng.normal(0, 4, pixels.shape)  # grey paper, sensor noise
            specks = rng.random(pixels.shape) < 0.0004
            pixels[specks] = 40
            images.append(Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)))
    finally:
        pdf.close()
    return images


def write_scan_pdf(pdf_path: Path, target: Path, seed: int) -> None:
    import time

    images = scan_pages(pdf_path, seed)
    buffer = io.BytesIO()
    stamp = time.gmtime(1704067200)
    first, rest = images[0], images[1:]
    first.save(  # type: ignore[attr-defined]
        buffer,
        format="PDF",
        save_all=True,
        append_images=rest,
        resolution=float(SCAN_DPI),
        quality=50,
        creationDate=stamp,
        modDate=stamp,
    )
    target.write_bytes(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("stems", nargs="*", default=list(SEEDS))
    parser.add_argument("--only", choices=("xlsx", "html", "scan"), action="append")
    args = parser.parse_args(argv)
    kinds = args.only or ["xlsx", "html", "scan"]
    for n, stem in enumerate(args.stems):
        blocks = load_blocks(stem)
        written = []
        if "xlsx" in kinds:
            write_xlsx(blocks, DOCS / f"{stem}.xlsx")
            written.append(f"{stem}.xlsx")
        if "html" in kinds:
            write_html(blocks, DOCS / f"{stem}.html")
            written.append(f"{stem}.html")
        if "scan" in kinds and stem in SCAN_SEEDS:
            write_scan_pdf(DOCS / f"{stem}.pdf", DOCS / f"{stem}.scan.pdf", seed=1000 + n)
            written.append(f"{stem}.scan.pdf")
        for name in written:
            print(f"wrote golden/docs/{name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
