"""The limits each document of a batch is read under, from flags and the environment.

A document gets a worker process of its own for its deterministic stages (see :mod:`jixiao.batch.pool`),
watched from outside: wall time and resident memory. Inside, the readers hold it to the size limits of
:class:`~jixiao.ingest.limits.ReadLimits`. Every limit has a flag and a variable:

=====================  ==========================  =======================================
flag                   variable                    default
=====================  ==========================  =======================================
``--max-seconds``      ``JIXIAO_MAX_SECONDS``      1200 (wall time of one document's reading)
``--max-memory``       ``JIXIAO_MAX_MEMORY``       2 GiB (resident memory of its worker)
``--max-decompressed`` ``JIXIAO_MAX_DECOMPRESSED`` 256 MiB (a ZIP package, or one PDF stream)
``--max-table-cells``  ``JIXIAO_MAX_TABLE_CELLS``  200 000 (rows × columns of one table)
``--max-text-chars``   ``JIXIAO_MAX_TEXT_CHARS``   10 000 000 (characters of a document's text)
``--max-pages``        ``JIXIAO_MAX_PAGES``        10 000
=====================  ==========================  =======================================

Sizes accept ``512MiB``, ``2GiB``, ``1.5G`` or a number of bytes. ``0`` turns a limit off.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field

from jixiao.errors import ConfigError
from jixiao.ingest.limits import GiB
from jixiao.ingest.limits import KiB
from jixiao.ingest.limits import MiB
from jixiao.ingest.limits import ReadLimits

_OFF = 1 << 62
"""What a limit set to 0 (off) becomes: larger than anything a machine holds."""


@dataclass(frozen=True)
class DocumentLimits:
    """Every limit one document is read under (picklable: an engine sends it to its workers)."""

    seconds: float = 1200.0
    """Long enough for the OCR budget of a scanned document (900 s, see :mod:`jixiao.ingest.ocr`)."""
    memory_bytes: int = 2 * GiB
    read: ReadLimits = field(default_factory=ReadLimits)


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": KiB, "m": MiB, "g": GiB, "t": 1 << 40}


def parse_size(text: str, what: str) -> int:
    """``2GiB``, ``512MB``, ``1.5g``, ``1048576`` → bytes (binary units whether or not the ``i`` is written).

    Raises:
        ConfigError: not a size.
    """
    m = _SIZE.match(text)
    if m is None:
        raise ConfigError(None, f"{what} must be a size such as 512MiB or 2GiB, not {text!r}")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def _count(text: str, what: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise ConfigError(None, f"{what} must be a whole number, not {text!r}") from None
    if value < 0:
        raise ConfigError(None, f"{what} must not be negative")
    return value


def document_limits(
    *,
    seconds: float | None = None,
    memory: str | None = None,
    decompressed: str | None = None,
    table_cells: int | None = None,
    text_chars: int | None = None,
    pages: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> DocumentLimits:
    """The limits from flags (which win) and the ``JIXIAO_MAX_*`` variables; 0 turns a limit off.

    Raises:
        ConfigError: a value that is not a number or a size (names the flag or variable).
    """
    env = os.environ if environ is None else environ
    default, read_default = DocumentLimits(), ReadLimits()

    def pick(flag: object, var: str) -> str | None:
        if flag is not None:
            return str(flag)
        return env.get(var) or None

    raw_seconds = pick(seconds, "JIXIAO_MAX_SECONDS")
    try:
        wall = float(raw_seconds) if raw_seconds is not None else default.seconds
    except ValueError:
        raise ConfigError(
            None, f"--max-seconds / JIXIAO_MAX_SECONDS must be a number, not {raw_seconds!r}"
        ) from None
    if wall < 0:
        raise ConfigError(None, "--max-seconds / JIXIAO_MAX_SECONDS must not be negative")

    def size(flag: str | None, var: str, name: str, fallback: int) -> int:
        raw = pick(flag, var)
        value = parse_size(raw, f"{name} / {var}") if raw is not None else fallback
        return value or _OFF

    def count(flag: int | None, var: str, name: str, fallback: int) -> int:
        raw = pick(flag, var)
        value = _count(raw, f"{name} / {var}") if raw is not None else fallback
        return value or _OFF

    return DocumentLimits(
        seconds=wall or float(_OFF),
        memory_bytes=size(memory, "JIXIAO_MAX_MEMORY", "--max-memory", default.memory_bytes),
        read=ReadLimits(
            decompressed_bytes=size(
                decompressed, "JIXIAO_MAX_DECOMPRESSED", "--max-decompressed", read_default.decompressed_bytes
            ),
            table_cells=count(
                table_cells, "JIXIAO_MAX_TABLE_CELLS", "--max-table-cells", read_default.table_cells
            ),
            text_chars=count(
                text_chars, "JIXIAO_MAX_TEXT_CHARS", "--max-text-chars", read_default.text_chars
            ),
            pages=count(pages, "JIXIAO_MAX_PAGES", "--max-pages", read_default.pages),
        ),
    )


__all__ = ["DocumentLimits", "document_limits", "parse_size"]
