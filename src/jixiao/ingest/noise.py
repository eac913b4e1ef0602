"""Noise that converters leave in the text: bookmark markers, image placeholders, stray controls."""

from __future__ import annotations

import re
from collections.abc import Callable

BOOKMARK_RE = re.compile(r"\[bookmark:\s*[^\]]*\]")
IMAGE_RE = re.compile(r"\[image:\s*[^\]]*\]")
CONTROL_RE = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\ufeff]")

_ALL = (("bookmark", BOOKMARK_RE), ("image", IMAGE_RE), ("control", CONTROL_RE))
_CONTROL_ONLY = (("control", CONTROL_RE),)

# Whitespace that may surround a cell or paragraph; the ideographic space U+3000 is a blank, too.
STRIP_CHARS = " \t\r\n\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"


def clean(text: str, record: Callable[[str, str], None] | None = None) -> str:
    """Remove bookmarks, image placeholders and control characters, reporting each to ``record``.

    Args:
        text: one line or cell of text.
        record: called as ``record(kind, raw)`` for each removed piece, kind in
            ``bookmark``/``image``/``control``.
    """
    # Bookmarks and image placeholders are in square brackets: most text has none to look for.
    patterns = _ALL if "[" in text else _CONTROL_ONLY
    for kind, pattern in patterns:
        if record is not None:
            for m in pattern.finditer(text):
                record(kind, m.group(0))
        text = pattern.sub("", text)
    return text


def strip_blank(text: str) -> str:
    """Strip ASCII and CJK whitespace at both ends."""
    return text.strip(STRIP_CHARS)
