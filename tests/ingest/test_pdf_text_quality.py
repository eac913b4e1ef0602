"""Text layers that are not text: fonts without a Unicode map, judged per page and left out with a reason.

The fixtures draw with fonts that have no ``ToUnicode`` map and show glyph ids (``Identity-H``): one
that claims the Adobe-GB1 collection, so PDFium reads the ids as character ids (random CJK for the
ids of a full font, ASCII punctuation in sequence for the small ids of a subset font), and one that
claims no collection (PDFium flags a mapping error). The same verdicts must never fall on real text:
every page of the golden PDFs and page-sized pieces of every seed text are judged usable.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import opencc
import pypdfium2 as pdfium
import pytest

from jixiao.errors import NoTextLayerError
from jixiao.ingest import read_document
from jixiao.ingest.pdf_page import read_page
from jixiao.ingest.pdf_quality import PageTextVerdict
from jixiao.ingest.pdf_quality import common_hanzi
from jixiao.ingest.pdf_quality import judge_page_text
from jixiao.schema import Document
from jixiao.schema import PageTextLayer
from tests.conftest import GOLDEN_DOCS
from tests.ingest.pdfgen import PdfSpec

TEXT = [
    "一、部门基本情况",
    "本部门主要职责是贯彻执行国家有关财政工作的方针政策和法律法规，",
    "拟订全县财政发展规划，编制年度预算草案并组织执行，",
    "年度收入合计一千二百万元，其中财政拨款收入一千万元。",
]


def _full_font_ids(text: str) -> list[int]:
    # Glyph ids of a full CJK font follow no Unicode order: a fixed scramble stands for them.
    return [1000 + (ord(ch) * 7919) % 20000 for ch in text]


def _subset_ids(text: str) -> list[int]:
    # A subset font numbers its glyphs in the order the document first uses them.
    numbering: dict[str, int] = {}
    return [numbering.setdefault(ch, len(numbering) + 3) for ch in text]


def _good_page(spec: PdfSpec) -> None:
    page = spec.page()
    for k, line in enumerate(TEXT):
        page.text(72, 100 + 20 * k, line, 12)


def _glyph_id_page(spec: PdfSpec, ids: list[list[int]], font: str) -> None:
    page = spec.page()
    for k, codes in enumerate(ids):
        page.ops.append(page.show(72, 100 + 20 * k, codes, 12, font=font))


def _read(tmp_path: Path, spec: PdfSpec, name: str) -> Document:
    path = tmp_path / name
    path.write_bytes(spec.to_bytes())
    return read_document(path)


@pytest.mark.parametrize(
    ("ids", "font", "reason"),
    [
        (
            _full_font_ids,
            "F2",
            "the characters read are not Chinese text: 1 of 89 are among the frequent characters and 26 "
            "among the common ones (glyph ids read as characters)",
        ),
        (
            _subset_ids,
            "F2",
            "24 of 90 Latin characters are rarely used symbols (glyph ids read as character ids)",
        ),
        (
            _full_font_ids,
            "F3",
            "78 of 88 characters have no Unicode mapping in their font (glyph ids, not text)",
        ),
    ],
    ids=["full font, GB1 ids", "subset font, GB1 ids", "no character collection"],
)
def test_a_page_of_glyph_ids_is_reported_and_left_out(
    tmp_path: Path, ids: Callable[[str], list[int]], font: str, reason: str
) -> None:
    spec = PdfSpec()
    _good_page(spec)
    # The subset numbering runs on over the whole page, as one font's glyphs would.
    numbered = ids("".join(TEXT))
    lengths = [len(line) for line in TEXT]
    rows = [numbered[sum(lengths[:k]) : sum(lengths[: k + 1])] for k in range(len(TEXT))]
    _glyph_id_page(spec, rows, font)
    doc = _read(tmp_path, spec, "glyph-ids.pdf")
    assert [(p.prov.page, p.text) for p in doc.paragraphs()] == [
        (1, TEXT[0]),
        (1, TEXT[1] + TEXT[2]),
        (1, TEXT[3]),
    ]
    assert doc.text_layer == [PageTextLayer(page=2, state="unmapped_glyphs", reason=reason, used=False)]
    assert doc.warnings == [f"page 2: text layer not used: {reason}"]


def test_a_pdf_with_glyph_ids_only_is_refused_like_a_scan(tmp_path: Path) -> None:
    spec = PdfSpec()
    _glyph_id_page(spec, [_full_font_ids(line) for line in TEXT], "F2")
    _glyph_id_page(spec, [_full_font_ids(line) for line in reversed(TEXT)], "F2")
    with pytest.raises(NoTextLayerError) as err:
        _read(tmp_path, spec, "all-ids.pdf")
    assert err.value.reason.startswith(
        "no page has a usable text layer: the characters read are not Chinese text"
    )


def test_short_text_is_not_judged_by_statistics() -> None:
    """A page number or a title is too little text to tell: only mapping errors count there."""
    assert judge_page_text("附件2") == PageTextVerdict("usable")
    assert judge_page_text("淫阛撐峉铩廡") == PageTextVerdict("usable")
    assert judge_page_text("", unmapped=3) == PageTextVerdict("usable")
    assert judge_page_text("", unmapped=12) == PageTextVerdict(
        "unmapped_glyphs", "12 of 12 characters have no Unicode mapping in their font (glyph ids, not text)"
    )
    assert judge_page_text("") == PageTextVerdict("no_text", "the page draws no characters")


def test_random_and_sequential_common_characters_are_not_text() -> None:
    """Glyph ids read as GB1 ids land on common characters in pinyin order (ids 814–4568) or at random."""
    # GB 2312 level 1 in code order, which is pinyin order
    level_1 = sorted(common_hanzi(), key=lambda ch: ch.encode("gb2312"))
    in_order = "".join(level_1[400:700])
    assert judge_page_text(in_order).state == "unmapped_glyphs"
    rng = random.Random(7)
    for _ in range(20):
        assert judge_page_text("".join(rng.choice(level_1) for _ in range(200))).state == "unmapped_glyphs"


def test_no_seed_text_is_judged_glyph_ids() -> None:
    """Every page-sized piece (600 characters, whitespace removed) of every seed reads as text."""
    pieces = 0
    for path in sorted(GOLDEN_DOCS.glob("*.txt")):
        text = "".join(path.read_text(encoding="utf-8").split())
        for start in range(0, len(text), 600):
            piece = text[start : start + 600]
            verdict = judge_page_text(piece)
            assert verdict.state == "usable", (path.name, start, verdict.reason)
            pieces += 1
    assert pieces > 250


def test_text_in_traditional_characters_is_text() -> None:
    """The seeds written in traditional characters (繁體, as some published copies are) read as text too:
    their characters are measured as the simplified ones they stand for."""
    to_traditional = opencc.OpenCC("s2t")
    pieces = 0
    for path in sorted(GOLDEN_DOCS.glob("*.txt")):
        text = to_traditional.convert("".join(path.read_text(encoding="utf-8").split()))
        for start in range(0, len(text), 600):
            verdict = judge_page_text(text[start : start + 600])
            assert verdict.state == "usable", (path.name, start, verdict.reason)
            pieces += 1
    assert pieces > 250


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN_DOCS.glob("*.pdf")))
def test_every_golden_pdf_page_is_usable(name: str) -> None:
    """And, these forms being ruled, no table is rebuilt from word positions: running text stays text."""
    pdf = pdfium.PdfDocument(GOLDEN_DOCS / name)
    try:
        pages = [read_page(pdf, i) for i in range(len(pdf))]
    finally:
        pdf.close()
    flagged = {page.number: page.text.state for page in pages if page.text.state != "usable"}
    if name.endswith(".scan.pdf"):
        # page images only: nothing to judge (OCR reads them)
        assert flagged == {page.number: "no_text" for page in pages}
    else:
        # page 14 of the 决算 is a scanned image with no text on it
        assert flagged == ({14: "no_text"} if name.startswith("sh_putuo") else {})
    assert [p.number for p in pages if any(t.from_words for t in p.tables)] == []
