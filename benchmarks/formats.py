"""Workbooks, web pages and scans: jixiao's readers against the plain library, in the same command.

    python -m benchmarks.formats            # OCR on 3 pages, workbooks and pages of all seeds

* workbook: ``read_document`` on every golden ``.xlsx`` against openpyxl alone (load the workbook with
  values and number formats, visit every cell) — the time ratio says what the layout adds;
* web page: ``read_document`` on every golden ``.html`` against lxml alone (parse, collect every text),
  told the page's encoding (found before the clock starts): left to guess, lxml stops early in a
  GB18030 page whose ``<meta>`` says gb2312 and reads a tenth of it;
* OCR: seconds per page of ``read_document`` on a scanned PDF (render, straighten, rules, OCR, layout),
  with the threads OCR is given (``JIXIAO_OCR_THREADS``, default 2).

Each side runs ``--repeat`` times; the best time is kept.
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "docs"


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def openpyxl_alone(data: bytes) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                _ = (cell.value, cell.number_format)


def lxml_alone(data: bytes, encoding: str | None = None) -> None:
    from lxml import etree

    root = etree.fromstring(data, etree.HTMLParser(encoding=encoding))
    _ = "".join(root.itertext())


def page_encoding(path: Path) -> str:
    """The encoding the page is in (GB2312/GBK declarations decode as their superset GB18030)."""
    from jixiao.ingest.html_page import decode_page

    _, declared = decode_page(str(path), path.read_bytes())
    return "gb18030" if declared.lower() in ("gb2312", "gbk", "gb18030") else declared


def main(argv: list[str] | None = None) -> int:
    from jixiao.ingest import read_document

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--ocr-pages", type=int, default=3, help="0 leaves OCR out")
    parser.add_argument("--formats", nargs="+", default=["xlsx", "html"], choices=["xlsx", "html"])
    args = parser.parse_args(argv)
    for suffix in args.formats:
        files = sorted(GOLDEN.glob(f"*.{suffix}"))
        size = sum(f.stat().st_size for f in files)
        ours = sum(best(lambda f=f: read_document(f), args.repeat) for f in files)
        if suffix == "xlsx":
            name = "openpyxl"
            theirs = sum(best(lambda f=f: openpyxl_alone(f.read_bytes()), args.repeat) for f in files)
        else:
            name = "lxml"
            encodings = {f: page_encoding(f) for f in files}
            theirs = sum(
                best(lambda f=f, e=encodings[f]: lxml_alone(f.read_bytes(), e), args.repeat) for f in files
            )
        print(
            f"{suffix}: {len(files)} files, {size / 1e6:.1f} MB: jixiao {ours:.2f} s, {name} alone {theirs:.2f} s,"
            f" time ratio {ours / theirs:.2f}"
        )
    if args.ocr_pages <= 0:
        return 0
    import pypdfium2 as pdfium

    scan = GOLDEN / "003_wangcheng_2020.scan.pdf"
    source = pdfium.PdfDocument(scan)
    subset = pdfium.PdfDocument.new()
    subset.import_pages(source, list(range(min(args.ocr_pages, len(source)))))
    buffer = io.BytesIO()
    subset.save(buffer)
    path = Path("/tmp") / "jixiao-bench-scan.pdf"
    path.write_bytes(buffer.getvalue())
    read_document(path)  # loads the models once, as a batch worker would
    seconds = best(lambda: read_document(path), 1)
    pages = len(subset)
    print(f"ocr: {pages} pages of {scan.name} at 200 dpi: {seconds:.1f} s, {seconds / pages:.1f} s per page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
