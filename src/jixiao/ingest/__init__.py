"""Readers: one file in, one :class:`~jixiao.schema.Document` out.

The format is decided from the file's bytes, not its name, so a PDF named ``.txt`` or a DOCX named
``.pdf`` is read for what it is (with a warning), and random bytes named ``.pdf`` get a clear error.

Readers: :mod:`~jixiao.ingest.txt` (UTF-8/GBK/GB18030 text), :mod:`~jixiao.ingest.docx` (Word),
:mod:`~jixiao.ingest.pdf` (PDF, via PDFium with pdfplumber's lattice table finder; pages without a text
layer by OCR), :mod:`~jixiao.ingest.workbook` (.xlsx/.xlsm/.xls/.et/.ods), :mod:`~jixiao.ingest.html`
(web pages), :mod:`~jixiao.ingest.image` (scans as .png/.jpg/.tif/.bmp, by OCR) and
:mod:`~jixiao.ingest.legacy` (.doc/.wps → DOCX through LibreOffice, when installed).
"""

from __future__ import annotations

import os
import stat
import zipfile
from io import BytesIO
from pathlib import Path

from jixiao.errors import CorruptFileError
from jixiao.errors import EmptyDocumentError
from jixiao.errors import IngestError
from jixiao.ingest.limits import check_text
from jixiao.ingest.limits import check_zip_package
from jixiao.schema import Document

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ods")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
SUPPORTED_SUFFIXES = (
    ".txt",
    ".text",
    ".docx",
    ".pdf",
    ".doc",
    ".wps",
    *WORKBOOK_SUFFIXES,
    *HTML_SUFFIXES,
    *IMAGE_SUFFIXES,
)

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM")
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta ", b"<title")
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def sniff_format(data: bytes) -> str:
    """What the bytes are: ``pdf``, ``docx``, ``xlsx``, ``ods``, ``zip`` (another archive), ``zip-damaged``,
    ``ole2`` (legacy Office: .doc/.wps/.xls/.et), ``image``, ``html`` or ``text``."""
    if data[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            archive = zipfile.ZipFile(BytesIO(data))
            names = archive.namelist()
        except (zipfile.BadZipFile, OSError):
            return "zip-damaged"
        if "word/document.xml" in names:
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if "mimetype" in names and archive.read("mimetype").strip() == _ODS_MIMETYPE:
            return "ods"
        return "zip"
    if data.startswith(_OLE2_MAGIC):
        return "ole2"
    if data.startswith(_IMAGE_MAGIC):
        return "image"
    if _looks_like_html(data):
        return "html"
    return "text"


def _looks_like_html(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "ignore").encode("ascii", "ignore")
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return True
    return sum(marker in head for marker in _HTML_MARKERS) >= 2


_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def not_a_document_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as a document, found without opening it; None for a regular file.

    Opening a named pipe blocks until someone writes to it, and a device never ends: both are refused
    from their file type alone.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")
    return f"is {kind}, not a regular file"


def read_document(path: Path | str) -> Document:
    """Read any supported file into a Document.

    Raises:
        IngestError (or a subclass): the file is missing, not a regular file, empty, corrupt,
            encrypted, has no text layer, is over a limit of :mod:`jixiao.ingest.limits`, or is of a
            format jixiao does not read. The message names the file and the reason.
    """
    path = Path(path)
    problem = not_a_document_file(path)
    if problem is not None:
        raise IngestError(str(path), problem)
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
            if sniff_format(head) == "text":
                # No encoding takes more than four bytes a character: reading a text file whose size
                # alone puts it over the text limit would only confirm the refusal.
                check_text(path, os.fstat(fh.fileno()).st_size // 4)
            data = head + fh.read()
    except OSError as exc:
        raise IngestError(str(path), f"cannot read file: {exc.strerror or exc}") from exc
    if not data:
        raise EmptyDocumentError(str(path), "empty file (0 bytes)")
    kind = sniff_format(data)
    if kind in ("docx", "xlsx", "ods", "zip"):
        check_zip_package(path, data)
    suffix = path.suffix.lower()
    named = _NAMED_KIND.get(suffix)
    doc = _read_by_kind(path, data, kind, suffix)
    if named and named != kind and not (named == "html" and kind == "text"):
        doc.warnings.append(f"named {suffix} but the content is {kind.upper()}; read as {kind.upper()}")
    return doc


_NAMED_KIND = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".ods": "ods",
    **{s: "html" for s in HTML_SUFFIXES},
    **{s: "image" for s in IMAGE_SUFFIXES},
}


def _read_by_kind(path: Path, data: bytes, kind: str, suffix: str) -> Document:
    if kind == "pdf":
        from jixiao.ingest.pdf import read_pdf

        return read_pdf(path, data)
    if kind == "docx":
        from jixiao.ingest.docx import read_docx

        return read_docx(path, data)
    if kind in ("xlsx", "ods"):
        from jixiao.ingest.workbook import read_workbook

        return read_workbook(path, data, kind)
    if kind == "ole2":
        from jixiao.ingest.legacy import ole2_kind
        from jixiao.ingest.legacy import read_legacy_office

        if ole2_kind(data, suffix) == "excel":
            from jixiao.ingest.workbook import read_workbook

            return read_workbook(path, data, "xls")
        return read_legacy_office(path, data)
    if kind == "image":
        from jixiao.ingest.image import read_image

        return read_image(path, data)
    if kind == "html" or (kind == "text" and suffix in HTML_SUFFIXES):
        from jixiao.ingest.html import read_html

        return read_html(path, data)
    if kind == "zip":
        raise CorruptFileError(
            str(path), f"a ZIP archive that is not a Word document (named {suffix or 'no suffix'})"
        )
    if kind == "zip-damaged":
        raise CorruptFileError(
            str(path), f"damaged {suffix or 'ZIP'} file: its ZIP container cannot be opened (truncated?)"
        )
    if suffix in (".pdf", ".docx", ".doc", ".wps", *WORKBOOK_SUFFIXES, *IMAGE_SUFFIXES):
        raise CorruptFileError(
            str(path),
            f"not a valid {suffix} file: its content is neither PDF, Word, a workbook nor an image"
            " (damaged or misnamed?)",
        )
    from jixiao.ingest.txt import read_txt

    return read_txt(path, data)


__all__ = [
    "HTML_SUFFIXES",
    "IMAGE_SUFFIXES",
    "SUPPORTED_SUFFIXES",
    "WORKBOOK_SUFFIXES",
    "not_a_document_file",
    "read_document",
    "sniff_format",
]
