"""Limits on what one file may make a reader allocate, checked before the allocation.

A file is data from anyone: a number written in it (a grid span, a page count, a declared size) must
never size an allocation unchecked, and a few megabytes must not unpack into gigabytes. Readers consult
the limits in force (:func:`current_limits`); a batch sets them for each document it reads
(:func:`limits_in_force`). The defaults leave room to spare for every real document seen (the 342-page
自贡 report uses a small fraction of each):

* ``decompressed_bytes`` — a ZIP package's parts together (DOCX, XLSX), or any one PDF stream, unpacked;
* ``table_cells`` — rows × columns of one table (so also any one grid position or span);
* ``text_chars`` — characters of a document's canonical text;
* ``pages`` — pages of a PDF.

Going over a limit raises :class:`~jixiao.errors.LimitExceededError` with a one-line reason naming the
limit and how to raise it.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from jixiao.context import set_for_block
from jixiao.errors import LimitExceededError

KiB = 1 << 10
MiB = 1 << 20
GiB = 1 << 30


@dataclass(frozen=True)
class ReadLimits:
    """What one document may make a reader allocate (see the module docstring)."""

    decompressed_bytes: int = 256 * MiB
    table_cells: int = 200_000
    text_chars: int = 10_000_000
    pages: int = 10_000


_IN_FORCE: ContextVar[ReadLimits] = ContextVar("jixiao_read_limits", default=ReadLimits())  # noqa: B039

# A ZIP holding more entries than any Office file does is refused before python-docx lists them all.
_MAX_ZIP_ENTRIES = 50_000
# Deflate cannot compress better than about 1032:1, so a stream this many times smaller than the limit
# cannot unpack beyond it and need not be inflated to know.
_DEFLATE_MAX_RATIO = 1032
_INFLATE_STEP = 1 * MiB
# Streams PDFium does not inflate to read text (images) or that FreeType loads whole whatever their
# size (font programs: /Length1, /Length2, compact and OpenType fonts). Inflating a font of megabytes
# to measure it would cost more than reading its pages; a hostile one still meets the memory limit.
_NOT_INFLATED_WHEN_READ = (
    b"/Image",
    b"/Length1",
    b"/Length2",
    b"/Type1C",
    b"/CIDFontType0C",
    b"/OpenType",
)


def current_limits() -> ReadLimits:
    """The limits in force in this context (the defaults unless :func:`limits_in_force` set others)."""
    return _IN_FORCE.get()


def limits_in_force(limits: ReadLimits) -> AbstractContextManager[ReadLimits]:
    """Read with ``limits`` inside the ``with`` block."""
    return set_for_block(_IN_FORCE, limits)


_PROGRESS: ContextVar[Callable[[str], None] | None] = ContextVar("jixiao_read_progress", default=None)


def note_progress(where: str) -> None:
    """Say how far reading has got (``page 3 of 342``), so that a limit crossed from outside — memory,
    time — can be reported with the place it was crossed. Costs nothing when nobody listens."""
    hook = _PROGRESS.get()
    if hook is not None:
        hook(where)


def progress_to(hook: Callable[[str], None]) -> AbstractContextManager[Callable[[str], None] | None]:
    """Send :func:`note_progress` calls inside the ``with`` block to ``hook``."""
    return set_for_block(_PROGRESS, hook)


def human_bytes(n: int) -> str:
    """``268435456`` → ``256 MiB``; ``1610612736`` → ``1.5 GiB``."""
    for unit, size in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


def check_table(path: Path | str, index: int, n_rows: int, n_cols: int) -> None:
    """Refuse a table of more cells than ``table_cells``.

    Raises:
        LimitExceededError: ``n_rows × n_cols`` is over the limit.
    """
    limit = current_limits().table_cells
    if n_rows * n_cols > limit:
        raise LimitExceededError(
            str(path),
            f"table {index + 1} of {n_rows:,} × {n_cols:,} cells is over the {limit:,}-cell limit "
            "(--max-table-cells)",
        )


def check_grid_number(path: Path | str, where: str, name: str, value: int) -> None:
    """Refuse a grid position or span read from the file that no table within the limits can have.

    Raises:
        LimitExceededError: ``value`` is over the ``table_cells`` limit.
    """
    limit = current_limits().table_cells
    if value > limit:
        raise LimitExceededError(
            str(path),
            f"{name}={value:,} is over the {limit:,}-cell table limit (--max-table-cells)",
            where=where,
        )


def check_text(path: Path | str, chars: int) -> None:
    """Refuse a document whose text has grown past ``text_chars``.

    Raises:
        LimitExceededError: ``chars`` is over the limit.
    """
    limit = current_limits().text_chars
    if chars > limit:
        raise LimitExceededError(
            str(path), f"text of more than {limit:,} characters is over the text limit (--max-text-chars)"
        )


def check_pages(path: Path | str, pages: int) -> None:
    """Refuse a document of more pages than ``pages``.

    Raises:
        LimitExceededError: ``pages`` is over the limit.
    """
    limit = current_limits().pages
    if pages > limit:
        raise LimitExceededError(str(path), f"{pages:,} pages is over the {limit:,}-page limit (--max-pages)")


def check_zip_package(path: Path | str, data: bytes) -> None:
    """Refuse a ZIP package (DOCX, XLSX) whose parts would unpack to more than ``decompressed_bytes``.

    The declared sizes are what counts: Python's ``zipfile``, which python-docx and openpyxl read
    through, stops each entry at its declared size (and then fails its CRC check), so an entry that
    lies about its size cannot unpack to more than it declares.

    Raises:
        LimitExceededError: too many entries, or their declared sizes add up to more than the limit.
    """
    try:
        infos = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not readable as a ZIP: the reader says so in its own words
    if len(infos) > _MAX_ZIP_ENTRIES:
        raise LimitExceededError(
            str(path), f"a ZIP package of {len(infos):,} entries (more than any Office file)"
        )
    limit = current_limits().decompressed_bytes
    total = sum(info.file_size for info in infos)
    if total > limit:
        largest = max(infos, key=lambda info: info.file_size)
        raise LimitExceededError(
            str(path),
            f"unpacks to {human_bytes(total)} ({largest.filename}: {human_bytes(largest.file_size)}), over the "
            f"{human_bytes(limit)} decompressed-size limit (--max-decompressed)",
        )


def check_pdf_streams(path: Path | str, data: bytes) -> None:
    """Refuse a PDF holding a Flate stream that unpacks to more than ``decompressed_bytes``.

    PDFium inflates a page's content streams whole when the page is read, so one small stream of zeros
    can cost gigabytes. Streams short enough that no Flate data of their length can reach the limit are
    not inflated here, nor are images and font programs (see ``_NOT_INFLATED_WHEN_READ``); the others
    are inflated a megabyte at a time and counted, never kept. This check gives a bomb its own reason
    cheaply; the memory limit a batch puts on each document is what bounds the rest.

    Raises:
        LimitExceededError: a stream unpacks to more than the limit.
    """
    limit = current_limits().decompressed_bytes
    pos = 0
    while True:
        keyword = data.find(b"stream", pos)
        if keyword < 0:
            return
        pos = keyword + 6
        if data[keyword - 3 : keyword] == b"end":
            continue
        start = pos + (
            2 if data[pos : pos + 2] == b"\r\n" else 1 if data[pos : pos + 1] in (b"\n", b"\r") else 0
        )
        if start == pos:
            continue  # not a stream keyword (a name or text that contains the word)
        head = data[max(0, keyword - 2048) : keyword]
        dictionary = head[head.rfind(b"obj") + 1 :]
        layers = dictionary.count(b"FlateDecode")
        if layers == 0 or any(mark in dictionary for mark in _NOT_INFLATED_WHEN_READ):
            continue
        end = data.find(b"endstream", start)
        end = len(data) if end < 0 else end
        if layers == 1 and (end - start) * _DEFLATE_MAX_RATIO <= limit:
            continue
        size = _inflated_size(data[start:end], layers, limit)
        if size > limit:
            raise LimitExceededError(
                str(path),
                f"a Flate stream at byte {start:,} unpacks to more than the {human_bytes(limit)} "
                "decompressed-size limit (--max-decompressed)",
            )
        pos = end


def _inflated_size(compressed: bytes, layers: int, limit: int) -> int:
    """Bytes ``compressed`` inflates to through ``layers`` Flate filters, counted up to just past ``limit``."""
    pieces: Iterable[bytes] = (
        compressed[i : i + _INFLATE_STEP] for i in range(0, len(compressed), _INFLATE_STEP)
    )
    for _ in range(min(layers, 4)):
        pieces = _inflate(pieces)
    total = 0
    for piece in pieces:
        total += len(piece)
        if total > limit:
            break
    return total


def _inflate(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """Inflate a stream given in pieces, a megabyte of output at a time; stop quietly at damaged data."""
    inflater = zlib.decompressobj()
    try:
        for piece in pieces:
            data = piece
            while data:
                out = inflater.decompress(data, _INFLATE_STEP)
                if out:
                    yield out
                data = inflater.unconsumed_tail
                if inflater.eof:
                    return
    except zlib.error:
        return


__all__ = [
    "GiB",
    "KiB",
    "MiB",
    "ReadLimits",
    "check_grid_number",
    "check_pages",
    "check_pdf_streams",
    "check_table",
    "check_text",
    "check_zip_package",
    "current_limits",
    "human_bytes",
    "limits_in_force",
    "note_progress",
    "progress_to",
]
