"""Grounding evidence quotes in CJK text: exact, normalised (width, punctuation, whitespace), fuzzy."""

from __future__ import annotations

from jixiao.ingest import read_document
from jixiao.narrative.grounding import ground
from jixiao.narrative.grounding import normalise
from jixiao.schema import GroundingStatus
from tests.conftest import seed_path

TEXT = (
    "七、存在的问题及原因分析\n"
    "（一）2024年全年预算执行率88.74%,预算执行率较低，主要原因是家庭教育民生实事项目由于有些合同采取分期付款方式，部分资金还未拨付。\n"
    "（2） 在整个部门仍然存在只关注资金使用，不注重绩效管理等现象。\n"
)


def _span_text(span: tuple[int, int] | None) -> str:
    assert span is not None
    return TEXT[span[0] : span[1]]


def test_exact_quote_gets_its_code_point_span() -> None:
    quote = "预算执行率较低，主要原因是家庭教育民生实事项目"
    g = ground(TEXT, quote)
    assert g.status == GroundingStatus.EXACT
    assert g.span == (TEXT.index(quote), TEXT.index(quote) + len(quote))
    assert _span_text(g.span) == quote


def test_quote_with_half_width_punctuation_and_full_width_digits_is_normalised() -> None:
    # ， → ,  and 2024 written with full-width digits, % full-width.
    g = ground(TEXT, "２０２４年全年预算执行率88.74％,预算执行率较低,主要原因是")
    assert g.status == GroundingStatus.NORMALISED
    assert _span_text(g.span) == "2024年全年预算执行率88.74%,预算执行率较低，主要原因是"


def test_quote_with_extra_spaces_and_line_breaks_is_normalised() -> None:
    g = ground(TEXT, "在整个部门 仍然存在\n只关注资金使用，  不注重绩效管理等现象。")
    assert g.status == GroundingStatus.NORMALISED
    assert _span_text(g.span) == "在整个部门仍然存在只关注资金使用，不注重绩效管理等现象。"


def test_quote_with_different_punctuation_is_normalised_without_punctuation() -> None:
    # A semicolon where the source has a comma, and the closing 。 dropped.
    g = ground(TEXT, "在整个部门仍然存在只关注资金使用；不注重绩效管理等现象")
    assert g.status == GroundingStatus.NORMALISED
    assert _span_text(g.span) == "在整个部门仍然存在只关注资金使用，不注重绩效管理等现象"


def test_paraphrased_quote_is_found_fuzzily_with_a_score() -> None:
    g = ground(TEXT, "部门仍存在只关注资金使用，不注重绩效管理等现象")
    assert g.status == GroundingStatus.FUZZY
    assert g.score is not None and 85 <= g.score < 100
    found = _span_text(g.span)
    assert "只关注资金使用" in found and "绩效管理等现象" in found


def test_unrelated_quote_is_ungrounded() -> None:
    g = ground(TEXT, "全面推进妇女儿童之家建设，完成阵地提质改造")
    assert g.status == GroundingStatus.UNGROUNDED and g.span is None
    assert ground(TEXT, "   ").status == GroundingStatus.UNGROUNDED


def test_search_stays_inside_the_window_and_prefers_after() -> None:
    text = "问题：资金未拨付。措施：资金未拨付。"
    first, second = text.index("资金未拨付"), text.rindex("资金未拨付")
    assert ground(text, "资金未拨付").span == (first, first + 5)
    assert ground(text, "资金未拨付", after=first + 1).span == (second, second + 5)
    assert ground(text, "资金未拨付", window=(0, 8)).span == (first, first + 5)
    assert ground(text, "措施", window=(0, 8)).status == GroundingStatus.UNGROUNDED


def test_offset_map_points_back_to_the_original_characters() -> None:
    norm = normalise("（一）　２０２４年，ａ")
    assert norm.text == "(一)2024年,a"
    assert norm.span(3, 7) == (4, 8)  # ２０２４ after the ideographic space


def test_grounding_in_a_real_seed_document() -> None:
    doc = read_document(seed_path("001_yueyang_2024"))
    quote = "基层妇联队伍有待进一步优化"
    g = ground(doc.text, quote.replace("进一步", "进一步 "))
    assert g.status == GroundingStatus.NORMALISED
    assert g.span is not None and doc.text[g.span[0] : g.span[1]] == quote
