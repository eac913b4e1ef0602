"""Narrative matches point at the exact words in the document's canonical text."""

from __future__ import annotations

import re

import pytest

from jixiao.checks.text import narrative_matches
from jixiao.checks.text import sentences
from jixiao.ingest import read_document
from jixiao.pipeline import Pipeline
from tests.conftest import SEED_STEMS
from tests.conftest import seed_path


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_every_sentence_span_gives_back_its_text(stem: str) -> None:
    doc = read_document(seed_path(stem))
    report = Pipeline().process_document(doc)
    found = sentences(report)
    assert found
    for m in found:
        assert m.prov.span is not None
        assert doc.text[m.prov.span[0] : m.prov.span[1]] == m.text


def test_match_prov_on_004_verdict() -> None:
    doc = read_document(seed_path("004_zigong_2022"))
    report = Pipeline().process_document(doc)
    # 三、(三) 结果应用情况 (line 179) and 四、(一) 评价结论 (line 188) both say it.
    found = narrative_matches(report, re.compile(r"评价结果为(优秀)"))
    assert [(m.text, m.groups) for m in found] == [("评价结果为优秀", ("优秀",))] * 2
    for m in found:
        span = m.prov.span
        assert span is not None and doc.text[span[0] : span[1]] == "评价结果为优秀"
        assert m.prov.file == "004_zigong_2022.txt" and m.prov.method == "text_rule"
    assert [m.section.title[:4] for m in found] == ["结果应用", "评价结论"]
