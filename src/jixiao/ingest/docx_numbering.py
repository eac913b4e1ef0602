"""The list labels Word generates ("一、", "（2）", "3.") worked out from numbering.xml.

Word does not store the label of a numbered paragraph; it stores a reference (``w:numPr``: list
instance ``numId`` and level ``ilvl``) and computes the label while laying out the document. Text
extracted from such a document loses the label, which is why so many published reports show
``7、 存在的主要问题`` between ``六、`` and ``九、``. This module replays Word's counting over the
paragraphs in document order so the reader can record the label next to the text.

Counting rules followed (ECMA-376 Part 1, §17.9):

* counters belong to the abstract numbering definition, so two ``w:num`` instances that share one
  ``w:abstractNum`` continue each other's numbering — unless an instance overrides a level's start
  (``w:lvlOverride/w:startOverride``, what Word writes for "Restart numbering"), which gives that
  instance its own counters;
* using a level resets the deeper levels, except where ``w:lvlRestart`` says otherwise
  (``0``: never restart; ``n``: restart only after level ``n`` or a shallower one);
* ``w:lvlText`` is the label template: ``%1`` … ``%9`` stand for the counters of levels 1–9, each
  in its own ``w:numFmt`` (or in Arabic digits when the level has ``w:isLgl``).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    """Clark name of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{tag}"


def w_val(el: etree._Element | None, attr: str = "val") -> str | None:
    """The ``w:val`` (or another ``w:`` attribute) of an element, None when element or attribute is absent."""
    if el is None:
        return None
    return el.get(w(attr))


# Word's bound on a counter's start value; a file's larger numbers are damage (and a huge start would
# make a Roman or letter label millions of characters long).
_MAX_COUNTER = 32767


def _int(value: str | None, default: int | None = None, *, at_most: int = _MAX_COUNTER) -> int | None:
    if value is None or len(value) > 12:
        return default
    try:
        number = int(value)
    except ValueError:
        return default
    return number if -at_most <= number <= at_most else default


_CN_DIGITS = "零一二三四五六七八九"
_CN_DIGITAL = "〇一二三四五六七八九"
_CN_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def chinese_counting(
    n: int, digits: str = _CN_DIGITS, units: str = "十百千", *, short_ten: bool = True
) -> str:
    """Chinese numerals as Word writes them for ``chineseCounting``: 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五.

    ``short_ten``: write 10–19 as 十, 十一 … rather than 一十, 一十一 (legal numerals keep 壹拾).
    """
    if n <= 0:
        return digits[0]
    if n >= 10000:
        return str(n)
    parts: list[str] = []
    zero_pending = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d, n = divmod(n, power)
        if d == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append(digits[0])
            zero_pending = False
        parts.append(digits[d] + unit)
    text = "".join(parts)
    if short_ten and text.startswith(digits[1] + units[0]):
        text = text[1:]
    return text


def format_counter(n: int, num_fmt: str) -> str:
    """One counter in a ``w:numFmt`` format; formats not listed here fall back to Arabic digits."""
    if num_fmt == "none":
        return ""
    if num_fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "japaneseCounting"):
        return chinese_counting(n)
    if num_fmt == "chineseLegalSimplified":
        return chinese_counting(n, _CN_LEGAL_DIGITS, "拾佰仟", short_ten=False)
    if num_fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITAL[int(d)] for d in str(n))
    if num_fmt in ("ideographTraditional", "ideographLegalTraditional"):
        return _TIANGAN[(n - 1) % len(_TIANGAN)]
    if num_fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % len(_DIZHI)]
    if num_fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if num_fmt == "decimalEnclosedParen":
        return _PAREN[n - 1] if 1 <= n <= len(_PAREN) else f"({n})"
    if num_fmt == "decimalEnclosedFullstop":
        return _FULLSTOP[n - 1] if 1 <= n <= len(_FULLSTOP) else f"{n}."
    if num_fmt == "decimalFullWidth" or num_fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if num_fmt == "decimalZero":
        return f"{n:02d}"
    if num_fmt in ("upperRoman", "lowerRoman"):
        out = ""
        rest = n
        for value, letters in _ROMAN:
            while rest >= value:
                out += letters
                rest -= value
        return out if num_fmt == "upperRoman" else out.lower()
    if num_fmt in ("upperLetter", "lowerLetter"):
        # Word repeats the letter: 27 → AA, 53 → AAA.
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if num_fmt == "upperLetter" else letter.lower()
    return str(n)


@dataclass(frozen=True)
class ListLevel:
    """One ``w:lvl`` of an abstract numbering definition."""

    start: int = 1
    num_fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None
    is_lgl: bool = False
    p_style: str | None = None


def _parse_level(lvl: etree._Element) -> ListLevel:
    return ListLevel(
        start=_int(w_val(lvl.find(w("start"))), 1) or 0,
        num_fmt=w_val(lvl.find(w("numFmt"))) or "decimal",
        text=w_val(lvl.find(w("lvlText"))) or "",
        restart=_int(w_val(lvl.find(w("lvlRestart")))),
        is_lgl=lvl.find(w("isLgl")) is not None and w_val(lvl.find(w("isLgl"))) not in ("0", "false"),
        p_style=w_val(lvl.find(w("pStyle"))),
    )


@dataclass
class _ListInstance:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, ListLevel] = field(default_factory=dict)


class ListNumbering:
    """Replays Word's list counters; call :meth:`label` for every numbered paragraph in document order."""

    def __init__(self, numbering: etree._Element | None, style_num: dict[str, str] | None = None) -> None:
        """Args:
        numbering: the ``w:numbering`` root of numbering.xml (None when the document has none).
        style_num: numbering style id → numId, to follow ``w:numStyleLink``.
        """
        self._abstract: dict[str, dict[int, ListLevel]] = {}
        self._style_links: dict[str, str] = {}
        self._instances: dict[str, _ListInstance] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._style_num = style_num or {}
        if numbering is None:
            return
        for abstract in numbering.iterfind(w("abstractNum")):
            abstract_id = abstract.get(w("abstractNumId"))
            if abstract_id is None:
                continue
            levels = {}
            for lvl in abstract.iterfind(w("lvl")):
                ilvl = _int(lvl.get(w("ilvl")))
                if ilvl is not None:
                    levels[ilvl] = _parse_level(lvl)
            self._abstract[abstract_id] = levels
            link = w_val(abstract.find(w("numStyleLink")))
            if link:
                self._style_links[abstract_id] = link
        for num in numbering.iterfind(w("num")):
            num_id = num.get(w("numId"))
            abstract_id = w_val(num.find(w("abstractNumId")))
            if num_id is None or abstract_id is None:
                continue
            inst = _ListInstance(abstract_id)
            for override in num.iterfind(w("lvlOverride")):
                ilvl = _int(override.get(w("ilvl")))
                if ilvl is None:
                    continue
                start = _int(w_val(override.find(w("startOverride"))))
                if start is not None:
                    inst.start_overrides[ilvl] = start
                lvl = override.find(w("lvl"))
                if lvl is not None:
                    inst.level_overrides[ilvl] = _parse_level(lvl)
            self._instances[num_id] = inst

    def _levels(self, inst: _ListInstance) -> dict[int, ListLevel]:
        abstract_id = inst.abstract_id
        # A definition that only links to a numbering style takes its levels from that style's list.
        for _ in range(3):
            link = self._style_links.get(abstract_id)
            if not link or self._abstract.get(abstract_id):
                break
            linked = self._instances.get(self._style_num.get(link, ""))
            if linked is None:
                break
            abstract_id = linked.abstract_id
        levels = dict(self._abstract.get(abstract_id, {}))
        levels.update(inst.level_overrides)
        return levels

    def level_for_style(self, num_id: str, style_id: str) -> int:
        """The level whose ``w:pStyle`` is ``style_id`` (how a heading style picks its level), else 0."""
        inst = self._instances.get(num_id)
        if inst is None:
            return 0
        for ilvl, lvl in sorted(self._levels(inst).items()):
            if lvl.p_style == style_id:
                return ilvl
        return 0

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters for a paragraph of list ``num_id`` at level ``ilvl`` and return its label.

        Returns None when the list or level is not defined (Word shows no label then either) or the
        label is empty.
        """
        inst = self._instances.get(num_id)
        if inst is None or num_id == "0":
            return None
        levels = self._levels(inst)
        lvl = levels.get(ilvl)
        if lvl is None:
            return None
        # An instance that restarts a level keeps its own counters (Word's "Restart numbering").
        key = f"num:{num_id}" if inst.start_overrides else f"abstract:{inst.abstract_id}"
        counters = self._counters.get(key)
        if counters is None:
            counters = [None] * 9
            for level, start in inst.start_overrides.items():
                if 0 <= level < 9:
                    counters[level] = start - 1
            self._counters[key] = counters
        if not 0 <= ilvl < 9:
            return None
        current = counters[ilvl]
        counters[ilvl] = lvl.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            deeper_lvl = levels.get(deeper)
            restart = deeper_lvl.restart if deeper_lvl and deeper_lvl.restart is not None else deeper
            if restart != 0 and ilvl < restart:
                counters[deeper] = None
        return self._render(lvl, levels, counters) or None

    @staticmethod
    def _render(lvl: ListLevel, levels: dict[int, ListLevel], counters: list[int | None]) -> str:
        if lvl.num_fmt == "bullet":
            # Bullets are drawn from symbol fonts (private-use code points); a plain bullet reads the same.
            return "•" if not lvl.text or "\ue000" <= lvl.text[0] <= "\uf8ff" else lvl.text
        out = lvl.text
        for n in range(9, 0, -1):
            placeholder = f"%{n}"
            if placeholder not in out:
                continue
            ref = levels.get(n - 1, ListLevel())
            value = counters[n - 1]
            if value is None:
                value = ref.start
            if lvl.is_lgl and ref.num_fmt != "none":
                rendered = str(value)
            else:
                rendered = format_counter(value, ref.num_fmt)
            out = out.replace(placeholder, rendered)
        return out
