"""A workbook cell's value as the sheet prints it, following the cell's number format.

Workbooks store numbers, not text: a 完成率 of 97.75 % is stored as 0.9775 with the format ``0.00%``,
an amount of 1,234.50 as 1234.5 with ``#,##0.00``, a date as a serial number with ``yyyy"年"m"月"d"日"``.
A reader that printed the stored value would hand the tables layer ``0.9775`` where the form says
``97.75%``. This module covers the formats such forms use: General, fixed decimals, thousands
separators, percentages, literal text around the number (``0.00"万元"``), negative sections, and
dates and times; anything else falls back to General (the value with up to ten significant digits).
"""

from __future__ import annotations

import datetime as dt
import re

# Built-in formats whose printed form depends on the locale: the Chinese (zh-CN) forms.
_LOCALE_DATES = {
    "mm-dd-yy": "yyyy/m/d",
    "m/d/yyyy": "yyyy/m/d",
    "d-mmm-yy": "d-mmm-yy",
    "m/d/yy h:mm": "yyyy/m/d h:mm",
}
_BRACKET = re.compile(r"\[[^\]]*\]")  # [Red], [$-804], [DBNum1] …
_NUMBER_PART = re.compile(r"[#0?][#0?,]*(?:\.[#0?]*)?|\.[#0?]+")
_DATE_TOKEN = re.compile(r"yyyy|yy|mmmm|mmm|mm|m|dd|d|hh|h|ss|s|am/pm|a/p", re.IGNORECASE)


def format_value(value: object, number_format: str | None) -> str:
    """The printed text of a cell holding ``value`` under ``number_format`` (Excel's format code)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return format_date(value, number_format)
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int | float):
        return format_number(float(value), number_format)
    return str(value)


def general(value: float) -> str:
    """Excel's General format: integers without ``.0``, others with up to ten significant digits."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.10g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}E{int(exponent):+03d}"
    return text


def _sections(code: str) -> list[str]:
    out, current, quoted = [], "", False
    for ch in code:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            out.append(current)
            current = ""
        else:
            current += ch
    out.append(current)
    return out


def _literal(section: str) -> list[tuple[str, str]]:
    """Split a format section into ('lit', text) and ('code', text) pieces."""
    pieces: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            pieces.append(("lit", section[i + 1 : end]))
            i = end + 1
        elif ch == "\\" and i + 1 < len(section):
            pieces.append(("lit", section[i + 1]))
            i += 2
        elif ch in "_*" and i + 1 < len(section):
            # _x pads with the width of x, *x repeats x to fill the cell: no printed text of their own.
            i += 2
        else:
            pieces.append(("code", ch))
            i += 1
    return pieces


def format_number(value: float, number_format: str | None) -> str:
    code = (number_format or "General").strip()
    if code.lower() in ("general", "", "@"):
        return general(value)
    sections = _sections(code)
    section = sections[0]
    negative_own = value < 0 and len(sections) > 1 and sections[1].strip() != ""
    if value < 0 and len(sections) > 1:
        section = sections[1] if sections[1].strip() else sections[0]
    if value == 0 and len(sections) > 2 and sections[2].strip():
        section = sections[2]
    section = _BRACKET.sub("", section)
    pieces = _literal(section)
    codes = "".join(text for kind, text in pieces if kind == "code")
    if _DATE_TOKEN.search(codes) and not _NUMBER_PART.search(codes):
        return general(value)  # a date format on a plain number: print the number
    if codes.strip().lower() == "general":
        body = general(abs(value) if negative_own else value)
        return "".join(text if kind == "lit" else "" for kind, text in pieces) + body
    match = _NUMBER_PART.search(codes)
    if match is None:
        return "".join(text for _, text in pieces) or general(value)
    pattern = match.group(0)
    scaled = value * 100 if "%" in codes else value
    trailing_commas = len(pattern) - len(pattern.rstrip(","))
    scaled /= 1000**trailing_commas
    pattern = pattern.rstrip(",")
    decimals = len(pattern.split(".", 1)[1]) if "." in pattern else 0
    magnitude = abs(scaled) if negative_own else scaled
    number = f"{magnitude:,.{decimals}f}" if "," in pattern else f"{magnitude:.{decimals}f}"
    if number.startswith("-") and float(number.replace(",", "")) == 0:
        number = number[1:]
    # Rebuild: literal pieces and the code around the number pattern, the number in its place.
    out, used = "", False
    code_text = ""
    for kind, text in pieces:
        if kind == "lit":
            out += _flush_code(code_text, pattern, number, used)
            used = used or pattern in code_text
            code_text = ""
            out += text
        else:
            code_text += text
    out += _flush_code(code_text, pattern, number, used)
    return out


def _flush_code(code_text: str, pattern: str, number: str, used: bool) -> str:
    if not code_text:
        return ""
    index = code_text.find(pattern) if not used else -1
    if index < 0:
        # Code characters that print as themselves: signs, brackets, %, spaces.
        return "".join(ch for ch in code_text if ch in "-+()%$¥ /:")
    before = "".join(ch for ch in code_text[:index] if ch in "-+()$¥ ")
    after = code_text[index + len(pattern) :].replace(",", "")
    after = "".join(ch for ch in after if ch in "-+()%$¥ ")
    return before + number + after


def format_date(value: dt.datetime | dt.date | dt.time, number_format: str | None) -> str:
    """A date or time under a date format (``yyyy-mm-dd``, ``yyyy"年"m"月"d"日"``, ``h:mm`` …)."""
    code = _LOCALE_DATES.get((number_format or "").strip(), (number_format or "").strip())
    code = _BRACKET.sub("", _sections(code)[0])
    if not _DATE_TOKEN.search(code) or code.lower() == "general":
        if isinstance(value, dt.datetime):
            return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.isoformat(sep=" ")
        return value.isoformat()
    out: list[str] = []
    pieces = _literal(code)
    tokens: list[tuple[str, str]] = []
    for kind, text in pieces:
        if kind == "lit":
            tokens.append(("lit", text))
        elif tokens and tokens[-1][0] == "code":
            tokens[-1] = ("code", tokens[-1][1] + text)
        else:
            tokens.append(("code", text))
    previous_hour = False
    for kind, text in tokens:
        if kind == "lit":
            out.append(text)
            continue
        pos = 0
        for m in _DATE_TOKEN.finditer(text):
            out.append(text[pos : m.start()])
            token = m.group(0).lower()
            # "m"/"mm" right after an hour (or before seconds) is minutes, otherwise the month.
            minutes = token in ("m", "mm") and (previous_hour or text[m.end() :].lstrip(":").startswith("s"))
            out.append(_date_part(value, token, minutes))
            previous_hour = token in ("h", "hh") or (previous_hour and minutes is False and token == ":")
            pos = m.end()
        out.append(text[pos:])
    return "".join(out)


def _date_part(value: dt.datetime | dt.date | dt.time, token: str, minutes: bool) -> str:
    date = value if isinstance(value, dt.date) else None
    time = value if isinstance(value, dt.time) else value.time() if isinstance(value, dt.datetime) else None
    if minutes and time is not None:
        return f"{time.minute:0{len(token)}d}"
    if token in ("yyyy", "yy") and date is not None:
        return f"{date.year:04d}" if token == "yyyy" else f"{date.year % 100:02d}"
    if token in ("m", "mm") and date is not None:
        return f"{date.month:0{len(token)}d}"
    if token in ("mmm", "mmmm") and date is not None:
        return f"{date.month}月"
    if token in ("d", "dd") and date is not None:
        return f"{date.day:0{len(token)}d}"
    if token in ("h", "hh") and time is not None:
        return f"{time.hour:0{len(token)}d}"
    if token in ("s", "ss") and time is not None:
        return f"{time.second:0{len(token)}d}"
    return ""
