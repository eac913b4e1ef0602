"""A corpus of hostile and odd files, written into a folder for ``jixiao extract`` to read in one batch.

    python -m tests.hostile.corpus DEST          # writes the files into DEST and prints the list

Every case says what it is and what reading it must give: an error whose reason holds a given phrase,
or a report (ok, partial or empty). Nothing here is committed: bombs are a few kilobytes to megabytes
made in a second (:mod:`tests.hostile.bombs`), and a named pipe or a device link cannot be committed.
"""

from __future__ import annotations

import os
import random
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.hostile.bombs import MiB
from tests.hostile.bombs import ZipEntry
from tests.hostile.bombs import crc_repeated
from tests.hostile.bombs import docx
from tests.hostile.bombs import docx_bomb
from tests.hostile.bombs import docx_package
from tests.hostile.bombs import entry
from tests.hostile.bombs import paragraph
from tests.hostile.bombs import pdf
from tests.hostile.bombs import raw_deflate_repeated
from tests.hostile.bombs import text_ops
from tests.hostile.bombs import write_zip
from tests.hostile.bombs import zlib_repeated

READ = "read"
"""A report comes out (ok, partial or empty): the file is odd, not broken."""
SLOW = "read, or stopped at the time or memory limit"
"""Read in seconds on a quiet machine: a report, or (on a loaded one) the reason of the limit it ran into
first — the time limit, or the memory limit for a file that goes to OCR (whose page images and model
activations come near a gigabyte)."""
ANY = "anything said in one line"
"""What comes out depends on a tool outside jixiao (LibreOffice): a report, or a one-line reason."""


@dataclass(frozen=True)
class Case:
    file: str
    what: str
    expect: str
    """:data:`READ`, :data:`SLOW`, :data:`ANY`, or a phrase the error's reason must hold."""
    make: Callable[[Path], None]


def _bytes(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_bytes(data() if callable(data) else data)

    return make


def _table(rows: int, cols: int, *, row_props: str = "", cell_props: str = "") -> str:
    cell = f"<w:tc>{cell_props}<w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
    row = f"<w:tr>{row_props}{cell * cols}</w:tr>"
    return f"<w:tbl>{row * rows}</w:tbl>"


def _good_docx() -> bytes:
    return docx(paragraph("一、部门基本情况") + paragraph("本部门负责全县财政预算管理工作。"))


def _nested_tables(depth: int) -> str:
    inner = paragraph("最里面")
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}<w:p/></w:tc></w:tr></w:tbl>"
    return paragraph("一、嵌套") + inner


def _numbering(start: str, fmt: str) -> str:
    return (
        f'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    )


def _numbered(text: str) -> str:
    return f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'


_LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
)


def _many_entries(n: int) -> bytes:
    good = _good_docx()
    import io
    import zipfile

    members = [
        entry(i.filename, zipfile.ZipFile(io.BytesIO(good)).read(i))
        for i in zipfile.ZipFile(io.BytesIO(good)).infolist()
    ]
    empty = [ZipEntry(f"media/{i}.bin", b"\x03\x00", 0, 0) for i in range(n)]
    return write_zip(members + empty)


def _lying_sizes() -> bytes:
    body = paragraph("一、部门基本情况") + paragraph("说明" * 200_000)
    import io
    import zipfile

    good = docx(body)
    z = zipfile.ZipFile(io.BytesIO(good))
    members = [entry(i.filename, z.read(i)) for i in z.infolist()]
    return write_zip(members, declared_sizes={"word/document.xml": 1000})


def _flate_bomb(layers: int) -> bytes:
    stream = zlib_repeated(b" " * MiB, 1024)  # 1 GiB of spaces in about a megabyte
    for _ in range(layers - 1):
        import zlib

        stream = zlib.compress(stream, 9)
    filters = "[" + " ".join(["/FlateDecode"] * layers) + "]"
    return pdf([stream], filters=filters, raw=True)


def _ruled_mesh(n: int) -> bytes:
    ops = [f"0.1 w 20 {20 + i * 0.8:.1f} m 575 {20 + i * 0.8:.1f} l S" for i in range(n)]
    ops += [f"0.1 w {20 + i * 0.5:.1f} 20 m {20 + i * 0.5:.1f} 820 l S" for i in range(n)]
    return pdf(["\n".join(ops).encode() + b"\n" + text_ops(["一、网格"])])


def _many_pages(n: int) -> bytes:
    return pdf([text_ops(["第一页"])] + [b""] * (n - 1))


def _glyph_flood() -> bytes:
    line = "绩效" * 40
    return pdf([text_ops([line] * 40) for _ in range(40)])


def _txt_table(rows: int, cols: int) -> bytes:
    head = "一、部门整体支出绩效自评表\n"
    row = "\t".join("1" for _ in range(cols)) + "\n"
    return (head + row * rows).encode("utf-8")


def _random(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _socket(path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()


def _dangling(path: Path) -> None:
    path.symlink_to(path.with_name("no-such-target.pdf"))


CASES: list[Case] = [
    # --- PDF -------------------------------------------------------------------------------------
    Case(
        "pdf_flate_bomb.pdf",
        "1 GiB of spaces in one Flate content stream (1 MB)",
        "decompressed-size limit",
        _bytes(lambda: _flate_bomb(1)),
    ),
    Case(
        "pdf_double_flate.pdf",
        "the same bomb deflated twice ([/FlateDecode /FlateDecode], 4 KB)",
        "decompressed-size limit",
        _bytes(lambda: _flate_bomb(2)),
    ),
    Case("pdf_pages_over_limit.pdf", "12 000 pages", "page limit", _bytes(lambda: _many_pages(12_000))),
    Case(
        "pdf_count_lie.pdf",
        "/Count 1000000000 in the page tree over one page",
        READ,
        _bytes(lambda: pdf([text_ops(["一、部门概况"])], extra=" /Count 1000000000")),
    ),
    Case(
        "pdf_ruled_mesh.pdf",
        "1 000 × 1 000 ruling lines on one page",
        READ,
        _bytes(lambda: _ruled_mesh(1000)),
    ),
    Case("pdf_glyph_flood.pdf", "40 pages of 3 200 characters each", SLOW, _bytes(_glyph_flood)),
    Case(
        "pdf_deep_q.pdf",
        "200 000 nested q operators",
        READ,
        _bytes(lambda: pdf([b"q " * 200_000 + text_ops(["一、概况"])])),
    ),
    Case(
        "pdf_deep_arrays.pdf",
        "100 000 nested arrays in a content stream",
        READ,
        _bytes(lambda: pdf([b"[" * 100_000 + b"]" * 100_000 + b"\n" + text_ops(["一、概况"])])),
    ),
    Case("pdf_header_only.pdf", "a PDF header and nothing else", "cannot be parsed", _bytes(b"%PDF-1.7\n")),
    Case(
        "pdf_random.pdf",
        "random bytes after a PDF header",
        "cannot be parsed",
        _bytes(lambda: b"%PDF-1.4\n" + _random(200_000, 1)),
    ),
    Case(
        "pdf_no_text.pdf",
        "a page with no text",
        "the PDF holds no text",
        _bytes(lambda: pdf([b"0 0 m 100 100 l S"])),
    ),
    Case(
        "pdf_bad_stream.pdf",
        "a content stream that is not Flate data",
        "the PDF holds no text",
        _bytes(lambda: pdf([_random(5000, 2)], raw=True)),
    ),
    # --- DOCX ------------------------------------------------------------------------------------
    Case(
        "docx_grid_before.docx",
        'w:gridBefore="100000000" (969 bytes)',
        "w:gridBefore",
        _bytes(
            lambda: docx(
                paragraph("一、概况")
                + _table(1, 1, row_props='<w:trPr><w:gridBefore w:val="100000000"/></w:trPr>')
            )
        ),
    ),
    Case(
        "docx_grid_span.docx",
        'w:gridSpan="100000000"',
        "w:gridSpan",
        _bytes(
            lambda: docx(
                paragraph("一、概况")
                + _table(2, 2, cell_props='<w:tcPr><w:gridSpan w:val="100000000"/></w:tcPr>')
            )
        ),
    ),
    Case(
        "docx_grid_span_digits.docx",
        "a gridSpan of 5 000 digits",
        "w:gridSpan",
        _bytes(
            lambda: docx(
                paragraph("一、概况")
                + _table(1, 1, cell_props=f'<w:tcPr><w:gridSpan w:val="{"9" * 5000}"/></w:tcPr>')
            )
        ),
    ),
    Case(
        "docx_wide_spans.docx",
        "1 000 rows, each one cell spanning 199 999 columns",
        "cell limit",
        _bytes(
            lambda: docx(
                paragraph("一、概况")
                + _table(1000, 1, cell_props='<w:tcPr><w:gridSpan w:val="199999"/></w:tcPr>')
            )
        ),
    ),
    Case(
        "docx_table_10000x50.docx",
        "a table of 10 000 × 50 cells",
        "cell limit",
        _bytes(lambda: docx(paragraph("一、概况") + _table(10_000, 50))),
    ),
    Case(
        "docx_zip_bomb.docx",
        "document.xml unpacking to 1.2 GB (a few MB)",
        "decompressed-size limit",
        _bytes(lambda: docx_bomb(1200 * MiB)),
    ),
    Case(
        "docx_lying_sizes.docx",
        "document.xml declares 1 000 bytes and holds 1.2 MB",
        "Bad CRC-32",
        _bytes(_lying_sizes),
    ),
    Case(
        "docx_many_entries.docx",
        "a package of 60 000 entries",
        "60,003 entries",
        _bytes(lambda: _many_entries(60_000)),
    ),
    Case(
        "docx_billion_laughs.docx",
        "nested XML entities (10⁸ characters if expanded)",
        "amplification factor exceeded",
        _bytes(lambda: docx(paragraph("&h;"), prolog=_LAUGHS)),
    ),
    Case(
        "docx_external_entity.docx",
        "an external entity naming /etc/passwd",
        "the Word document holds no text",
        _bytes(
            lambda: docx(
                paragraph("&x;"), prolog='<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            )
        ),
    ),
    Case(
        "docx_nested_tables.docx",
        "tables nested 300 deep",
        "Excessive depth",
        _bytes(lambda: docx(_nested_tables(300))),
    ),
    Case(
        "docx_huge_list_start.docx",
        "a list whose upperRoman counter starts at 10¹⁸",
        READ,
        _bytes(
            lambda: docx(
                paragraph("一、概况") + _numbered("第一项"),
                numbering=_numbering("1000000000000000000", "upperRoman"),
            )
        ),
    ),
    Case(
        "docx_letter_start.docx",
        "an upperLetter counter starting at 2 000 000 000",
        READ,
        _bytes(
            lambda: docx(
                paragraph("一、概况") + _numbered("第一项"), numbering=_numbering("2000000000", "upperLetter")
            )
        ),
    ),
    Case(
        "docx_no_document.docx",
        "a ZIP without word/document.xml",
        "not a Word document",
        _bytes(lambda: write_zip([entry("a.txt", b"hello")])),
    ),
    Case(
        "docx_not_xml.docx",
        "document.xml that is not XML",
        "damaged Word document",
        _bytes(lambda: docx_package(b"\x00\x01 not xml")),
    ),
    Case(
        "docx_random.docx",
        "random bytes named .docx",
        "not a valid .docx",
        _bytes(lambda: _random(50_000, 3)),
    ),
    Case(
        "docx_truncated.docx",
        "the first half of a Word package",
        "cannot be opened (truncated?)",
        _bytes(lambda: _good_docx()[: len(_good_docx()) // 2]),
    ),
    # --- workbooks -------------------------------------------------------------------------------
    Case(
        "xlsx_zip_bomb.xlsx",
        "a sheet unpacking to 1 GiB",
        "decompressed-size limit",
        _bytes(
            lambda: write_zip(
                [
                    entry("[Content_Types].xml", b"<Types/>"),
                    ZipEntry(
                        "xl/worksheets/sheet1.xml",
                        raw_deflate_repeated(b" " * MiB, 1024),
                        1024 * MiB,
                        crc_repeated(b" " * MiB, 1024),
                    ),
                ]
            )
        ),
    ),
    # --- text ------------------------------------------------------------------------------------
    Case(
        "txt_60mb.txt",
        "60 MB of text (15 M characters at least)",
        "text limit",
        _bytes(lambda: ("一、部门概况\n" + "预算执行良好。" * 2_900_000).encode("utf-8")[: 60 * MiB]),
    ),
    Case(
        "txt_11m_ascii.txt",
        "11 M ASCII characters",
        "text limit",
        _bytes(lambda: b"budget line 1234567890\n" * 480_000),
    ),
    Case(
        "txt_one_line.txt",
        "one line of 3 M characters",
        SLOW,
        _bytes(lambda: ("一、" + "预算执行率较高" * 430_000).encode("utf-8")),
    ),
    Case(
        "txt_table_10000x50.txt",
        "a tab table of 10 000 × 50 cells",
        SLOW,
        _bytes(lambda: _txt_table(10_000, 50)),
    ),
    Case(
        "txt_wide_row.txt",
        "one tab row of 300 000 cells",
        SLOW,
        _bytes(lambda: _txt_table(1, 300_000)),
    ),
    Case(
        "txt_headings_flood.txt",
        "200 000 numbered headings",
        SLOW,
        _bytes(lambda: "".join(f"（{i}）存在问题\n" for i in range(200_000)).encode("utf-8")),
    ),
    Case(
        "txt_binary.txt",
        "random bytes named .txt",
        "binary data, not text",
        _bytes(lambda: _random(100_000, 4)),
    ),
    Case(
        "txt_nul.txt",
        "text full of NUL bytes",
        "binary data, not text",
        _bytes(lambda: b"\x00" * 100_000 + "一、概况\n".encode()),
    ),
    Case(
        "txt_utf16.txt",
        "UTF-16 text with a byte-order mark",
        READ,
        _bytes(lambda: "一、部门概况\n本部门负责预算管理。\n".encode("utf-16")),
    ),
    Case(
        "txt_bidi_controls.txt",
        "text full of direction overrides and zero-width characters",
        READ,
        _bytes(lambda: ("一、概况\n" + "\u202e\u200b预算\u2066" * 10_000).encode()),
    ),
    Case("empty.pdf", "an empty file", "empty file", _bytes(b"")),
    # --- not files -------------------------------------------------------------------------------
    Case("fifo.txt", "a named pipe", "named pipe", _fifo),
    Case("device.pdf", "a link to /dev/zero", "character device", _device),
    Case("socket.txt", "a Unix socket", "socket", _socket),
    Case("dangling.pdf", "a link to nothing", "no such file", _dangling),
    # --- legacy ----------------------------------------------------------------------------------
    Case(
        "legacy_garbage.doc",
        "an OLE2 header followed by garbage",
        ANY,
        _bytes(lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _random(20_000, 5)),
    ),
]


def make_corpus(dest: Path, cases: list[Case] | None = None) -> list[Case]:
    """Write every case into ``dest`` (created); returns the cases written."""
    dest.mkdir(parents=True, exist_ok=True)
    chosen = CASES if cases is None else cases
    for case in chosen:
        case.make(dest / case.file)
    return chosen


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    for case in make_corpus(Path(argv[0])):
        print(f"{case.file:32} {case.what}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
