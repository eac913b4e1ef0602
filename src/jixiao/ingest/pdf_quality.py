"""Whether a PDF page's text layer can be read as it is: the one place that judges it.

A text layer can look fine to a reader and still be no text at all:

* **unmapped glyphs** — a font without a ``ToUnicode`` map gives glyph ids, not characters. PDFium then
  returns private-use code points, flags a mapping error, or — when the font claims a Chinese character
  collection — reads the glyph ids as character ids: random CJK (``淫阛撐峉铩``), or, for the small ids of
  a subset font, ASCII punctuation in sequence (``"#$%&'()*``). Only the statistics of the text tell
  the last two apart from Chinese: real text draws most of its characters from a few hundred
  frequent ones, and a Chinese report uses no Cyrillic, kana or Hangul;
* **garbled order** — characters drawn on top of one another, so no reading order follows from their
  positions (interleaved runs that positions *can* sort out are rebuilt by
  :mod:`jixiao.ingest.pdf_lines`, and the page is marked ``order_repaired``).

:func:`judge_page_text` gives each page a :class:`PageTextVerdict`; an unusable page is reported and its
text left out, as a page without a text layer would be — so whatever reads scanned pages can read it
the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal

from jixiao.ingest.pdf_lines import LineOrder
from jixiao.vocabulary.normalise import to_simplified

TextState = Literal["usable", "order_repaired", "unmapped_glyphs", "garbled_order", "no_text"]

# The most frequent characters of modern written Chinese (general corpus frequency, about the first
# 500). Running text draws about half its characters from them, tables of a budget report more;
# characters picked at random from the 3 755 common ones would hit them one time in seven.
FREQUENT_HANZI = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里"
    "用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实"
    "日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政"
    "美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员"
    "解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件"
    "计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象"
    "完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改"
    "收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调"
    "深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企"
    "八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列"
    "武红响虽推势参希古众构房半节土投排"
)

# Judging by statistics needs enough text: a page of a few words is judged only by mapping errors.
_MIN_HANZI = 30
_MIN_CHARS = 30
_UNMAPPED_SHARE = 0.2
_FOREIGN_SHARE = 0.15
_FREQUENT_SHARE = 0.25
_COMMON_SHARE = 0.6
_ODD_ASCII_SHARE = 0.12
_STACKED_SHARE = 0.1
# ASCII symbols that text rarely uses but that glyph ids 1–94 read as character ids run through.
_ODD_ASCII = frozenset("\"#$&'*;<=>?@[\\]^`{|}~")
# Characters outside the code point ranges a Chinese report's text is made of; in quantity (Cyrillic,
# kana, Hangul, Indic, unassigned …) they mean the characters are not what the font draws.
_FOREIGN = re.compile(
    "[^"
    "\u0020-\u007e"  # ASCII
    "\u00a0-\u017f"  # Latin-1 and Latin Extended-A (°, ±, ×, pinyin vowels)
    "\u0370-\u03ff"  # Greek (α, β, μ in units and formulas)
    "\u2000-\u2bff"  # punctuation, number forms, arrows, operators, enclosed numbers, shapes, symbols
    "\u3000-\u303f"  # CJK punctuation
    "\u30fb"  # katakana middle dot, used as a bullet
    "\u3200-\u33ff"  # enclosed CJK and squared units (㈠, ㎡)
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
    "\ufe30-\ufe4f"  # CJK compatibility forms
    "\uff00-\uffef"  # full-width forms
    "]"
)


@dataclass(frozen=True)
class PageTextVerdict:
    """What a page's text layer is worth, and why."""

    state: TextState
    reason: str = ""

    @property
    def usable(self) -> bool:
        """The text can be passed on as the page's content (as read, or with its order rebuilt)."""
        return self.state in ("usable", "order_repaired")


@cache
def common_hanzi() -> frozenset[str]:
    """GB 2312 level 1: the 3 755 常用汉字 (common characters), from the codec, so no list is shipped."""
    chars = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


def _hanzi_hits(hanzi: Mapping[str, int]) -> tuple[int, int]:
    """How many of the characters counted in ``hanzi`` are among the frequent ones, and among the common."""
    common = common_hanzi()
    frequent = sum(n for ch, n in hanzi.items() if ch in FREQUENT_HANZI)
    return frequent, sum(n for ch, n in hanzi.items() if ch in common)


def judge_page_text(chars: str, *, unmapped: int = 0, order: LineOrder | None = None) -> PageTextVerdict:
    """Judge the text layer of one page.

    Args:
        chars: the characters the page draws (whitespace and unmapped codes left out), in any order.
        unmapped: characters without a Unicode mapping (replacement, private-use or unassigned code
            points, PDFium mapping errors), counted apart from ``chars``.
        order: what putting the page's glyphs in reading order met (rebuilt lines, stacked glyphs).

    Returns:
        ``no_text``, ``unmapped_glyphs``, ``garbled_order`` (not usable), ``order_repaired`` or ``usable``,
        with a reason that says what was measured.
    """
    total = len(chars) + unmapped
    if total == 0:
        return PageTextVerdict("no_text", "the page draws no characters")
    if unmapped >= 10 and unmapped > _UNMAPPED_SHARE * total:
        return PageTextVerdict(
            "unmapped_glyphs",
            f"{unmapped} of {total} characters have no Unicode mapping in their font (glyph ids, not text)",
        )
    verdict = _judge_characters(chars)
    if verdict is not None:
        return verdict
    if order is not None:
        if order.stacked_glyphs >= 10 and order.stacked_glyphs > _STACKED_SHARE * total:
            return PageTextVerdict(
                "garbled_order",
                f"{order.stacked_glyphs} of {total} characters are drawn on top of other characters, "
                "so no reading order follows from their positions",
            )
        if order.rebuilt:
            example = f" (e.g. {order.examples[0]!r})" if order.examples else ""
            return PageTextVerdict(
                "order_repaired",
                f"{order.rebuilt} {'line' if order.rebuilt == 1 else 'lines'} drawn as interleaved runs "
                f"rebuilt from character positions{example}",
            )
    return PageTextVerdict("usable")


def _judge_characters(chars: str) -> PageTextVerdict | None:
    """The unmapped-glyph verdict from the characters alone, or None when they look like text."""
    if len(chars) < _MIN_CHARS:
        return None
    foreign = len(_FOREIGN.findall(chars))
    if foreign > _FOREIGN_SHARE * len(chars):
        return PageTextVerdict(
            "unmapped_glyphs",
            f"{foreign} of {len(chars)} characters are of scripts a Chinese report does not use "
            "(glyph ids read as characters)",
        )
    counts = Counter(chars)
    hanzi = {ch: n for ch, n in counts.items() if "\u4e00" <= ch <= "\u9fff"}
    n_hanzi = sum(hanzi.values())
    if n_hanzi >= _MIN_HANZI:
        frequent, in_common = _hanzi_hits(hanzi)
        if frequent < _FREQUENT_SHARE * n_hanzi or in_common < _COMMON_SHARE * n_hanzi:
            # Text in traditional characters (繁體) is measured as the simplified text it stands for.
            simplified = _hanzi_hits(Counter(to_simplified("".join(ch * n for ch, n in hanzi.items()))))
            frequent, in_common = max(frequent, simplified[0]), max(in_common, simplified[1])
        if frequent < _FREQUENT_SHARE * n_hanzi or in_common < _COMMON_SHARE * n_hanzi:
            return PageTextVerdict(
                "unmapped_glyphs",
                f"the characters read are not Chinese text: {frequent} of {n_hanzi} are among the "
                f"frequent characters and {in_common} among the common ones (glyph ids read as characters)",
            )
        return None
    n_ascii = sum(n for ch, n in counts.items() if ch <= "\x7e")
    odd = sum(n for ch, n in counts.items() if ch in _ODD_ASCII)
    if n_ascii >= _MIN_CHARS and odd > _ODD_ASCII_SHARE * n_ascii:
        return PageTextVerdict(
            "unmapped_glyphs",
            f"{odd} of {n_ascii} Latin characters are rarely used symbols (glyph ids read as character ids)",
        )
    return None
