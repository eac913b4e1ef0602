"""Regenerate the bad-input corpus in tests/data/bad/ (run from the repository root).

    python -m tests.data.make_bad_inputs

Every file is committed, so the tests need none of the tools used here. Random bytes come from a
fixed seed. Some files need outside tools and are only rebuilt when the tool is installed:
encrypted.pdf and owner_password.pdf (qpdf; 128-bit RC4 with ``--static-id`` is used because it
needs no random salt, so the output is repeatable — AES would differ on every run), legacy.doc
(LibreOffice, which stamps a time into the file) and encrypted.xlsx (msoffcrypto-tool; Office's
agile encryption salts at random, so it differs on every run).
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import docx
import pypdfium2 as pdfium
from tests.ingest.pdfgen import PdfSpec

BAD = Path(__file__).resolve().parent / "bad"
SEED = 20240601


def sample_pdf() -> bytes:
    """Two pages of a small 自评报告: a heading, a paragraph and a ruled table on each."""
    spec = PdfSpec()
    for n in (1, 2):
        page = spec.page()
        page.text(72, 72, f"{'一二'[n - 1]}、部门整体支出绩效自评情况", 14)
        page.text(96, 100, "本年度预算执行率为98.5%，年度目标基本完成。", 12)
        page.table(
            [72, 250, 400, 520],
            [140, 162, 184, 206],
            [
                ["项目", "预算数（万元）", "执行数（万元）"],
                ["合计", "1,234.50", "1,216.00"],
                ["基本支出", "800.00", "790.00"],
            ],
        )
    return spec.to_bytes()


def scan_pdf(source: bytes) -> bytes:
    """The first page of ``source`` as a 150-dpi picture only, the way a scanner delivers it."""
    pdf = pdfium.PdfDocument(source)
    try:
        image = pdf[0].render(scale=150 / 72).to_pil().convert("L")
    finally:
        pdf.close()
    out = io.BytesIO()
    # Fixed dates: Pillow would stamp the current time, and the corpus must rebuild byte for byte.
    stamp = time.gmtime(1704067200)  # 2024-01-01
    image.save(out, format="PDF", resolution=150.0, quality=75, creationDate=stamp, modDate=stamp)
    return out.getvalue()


def sample_workbook() -> bytes:
    """A small 自评表 sheet (fixed timestamps, so it rebuilds byte for byte)."""
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    for row in (["项目", "预算数（万元）", "执行数（万元）"], ["合计", 1234.5, 1216]):
        ws.append(row)
    wb.properties.created = wb.properties.modified = dt.datetime(2024, 1, 1)
    out = io.BytesIO()
    wb.save(out)
    return _fixed_zip_times(out.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def broken_workbook() -> bytes:
    """A workbook whose ZIP opens but whose sheet XML is cut off."""
    source = zipfile.ZipFile(io.BytesIO(sample_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


def encrypted_workbook() -> bytes | None:
    """The sample workbook saved with the password "secret", or None without msoffcrypto-tool."""
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        return None
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(sample_workbook())).encrypt("secret", out)
    return out.getvalue()


PORTAL_INDEX = """<!DOCTYPE html>
<html><head><meta charset="gbk"><title>财政预决算_政务公开</title>
<script>var hits = 0;</script><style>li{list-style:none}</style></head>
<body><div class="header"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/hdjl/">互动交流</a></div>
<div class="nav"><ul><li><a href="/a">机构职能</a></li><li><a href="/b">政策文件</a></li><li><a href="/c">财政预决算</a></li></ul></div>
<div class="list"><ul>
<li><a href="/1.html">2023年度部门整体支出绩效自评报告</a><span>2024-06-28</span></li>
<li><a href="/2.html">2023年度部门决算公开</a><span>2024-06-20</span></li>
<li><a href="/3.html">2024年度部门预算公开</a><span>2024-02-01</span></li>
<li><a href="/4.html">2022年度项目支出绩效自评表</a><span>2023-06-30</span></li>
</ul><div class="pager">共4条 <a href="?p=1">首页</a> <a href="?p=2">下一页</a> <a href="?p=9">尾页</a></div></div>
<div class="footer">主办单位：人民政府办公室 网站标识码：4301000001</div>
</body></html>
"""


def blank_scan() -> bytes:
    """A 150-dpi page of grey paper with specks and no text."""
    from PIL import Image

    rng = random.Random(SEED)
    image = Image.new("L", (1240, 1754), 236)
    for _ in range(400):
        image.putpixel((rng.randrange(1240), rng.randrange(1754)), rng.randrange(120, 200))
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(150, 150))
    return out.getvalue()


def legacy_doc() -> bytes | None:
    """A Word 97 .doc converted by LibreOffice from a small DOCX, or None without LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    document = docx.Document()
    document.add_paragraph("七、存在的问题及原因分析")
    document.add_paragraph("部分项目预算执行进度偏慢。")
    # A table without a style does not survive LibreOffice's .doc export; "Table Grid" does.
    table = document.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for r, row in enumerate([["项目", "预算数", "执行数"], ["合计", "120.5", "118.2"], ["备注", "", ""]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(2, 1).merge(table.cell(2, 2)).text = "按季度拨付"
    # Word always ends a document with a paragraph; without one LibreOffice drops the table.
    document.add_paragraph("八、下一步改进措施")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "legacy.docx"
        document.save(str(source))
        profile = (Path(tmp) / "profile").as_uri()
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "doc",
                "--outdir",
                tmp,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        return (Path(tmp) / "legacy.doc").read_bytes()


def qpdf_encrypt(source: bytes, user_password: str) -> bytes | None:
    """``source`` encrypted (owner password "owner"), or None without qpdf."""
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        src.write_bytes(source)
        subprocess.run(
            [
                qpdf,
                str(src),
                str(dst),
                "--static-id",
                "--allow-weak-crypto",
                "--encrypt",
                user_password,
                "owner",
                "128",
                "--use-aes=n",
                "--",
            ],
            check=True,
            capture_output=True,
        )
        return dst.read_bytes()


def main() -> int:
    BAD.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    sample = sample_pdf()
    files: dict[str, bytes | None] = {
        "empty.pdf": b"",
        "empty.docx": b"",
        "random.pdf": rng.randbytes(4096),
        "random.docx": rng.randbytes(4096),
        "corrupt.pdf": b"%PDF-1.7\n" + rng.randbytes(4096) + b"\n%%EOF\n",
        "truncated.pdf": sample[: len(sample) // 2],
        "scan.pdf": scan_pdf(sample),
        "gbk.txt": "七、存在的问题及原因分析\n部分项目预算执行进度偏慢，绩效目标设置不够细化。\n".encode(
            "gbk"
        ),
        "encrypted.pdf": qpdf_encrypt(sample, "secret"),
        "owner_password.pdf": qpdf_encrypt(sample, ""),
        "legacy.doc": legacy_doc(),
        "truncated.xlsx": sample_workbook()[:1500],
        "broken.xlsx": broken_workbook(),
        "encrypted.xlsx": encrypted_workbook(),
        "portal_index.html": PORTAL_INDEX.encode("gbk"),
        "blank.png": blank_scan(),
    }
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("report/readme.txt", date_time=(2024, 1, 1, 0, 0, 0)), "not a Word document"
        )
    files["archive.docx"] = zipped.getvalue()
    for name, data in files.items():
        if data is None:
            print(f"kept {name} (tool missing to rebuild it)", file=sys.stderr)
            continue
        (BAD / name).write_bytes(data)
        print(f"wrote {name} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
