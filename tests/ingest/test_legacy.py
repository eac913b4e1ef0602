"""Legacy Office files through LibreOffice, and the clear error when LibreOffice is missing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from jixiao.errors import IngestError
from jixiao.errors import UnsupportedFormatError
from jixiao.ingest import read_document
from jixiao.ingest.legacy import find_soffice
from tests.conftest import REPO

LEGACY_DOC = REPO / "tests" / "data" / "bad" / "legacy.doc"
needs_libreoffice = pytest.mark.skipif(
    find_soffice() is None, reason="LibreOffice (soffice) is not installed"
)


@pytest.mark.libreoffice
@needs_libreoffice
def test_doc_is_converted_and_read_as_the_original_file() -> None:
    doc = read_document(LEGACY_DOC)
    assert doc.format == "docx"
    assert doc.converted_from == "doc"
    assert doc.name == "legacy.doc"
    assert doc.path == str(LEGACY_DOC)
    data = LEGACY_DOC.read_bytes()
    assert (doc.sha256, doc.size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert [p.text for p in doc.paragraphs()] == [
        "七、存在的问题及原因分析",
        "部分项目预算执行进度偏慢。",
        "八、下一步改进措施",
    ]
    (table,) = doc.tables()
    assert table.rows_text() == [
        ["项目", "预算数", "执行数"],
        ["合计", "120.5", "118.2"],
        ["备注", "按季度拨付", "按季度拨付"],
    ]
    merged = next(c for c in table.cells if c.text == "按季度拨付")
    assert (merged.row, merged.col, merged.col_span) == (2, 1, 2)
    assert doc.warnings == ["converted from .doc to docx by LibreOffice"]
    for cell in table.cells:
        assert doc.span_text(cell.prov.span) == cell.text  # type: ignore[arg-type]


@pytest.mark.libreoffice
@needs_libreoffice
def test_wps_file_is_read_like_a_doc(tmp_path: Path) -> None:
    wps = tmp_path / "报告.wps"
    shutil.copy(LEGACY_DOC, wps)
    doc = read_document(wps)
    assert doc.converted_from == "wps"
    assert doc.paragraphs()[0].text == "七、存在的问题及原因分析"


@pytest.mark.libreoffice
@needs_libreoffice
def test_conversion_that_overruns_its_time_limit_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_SOFFICE_TIMEOUT", "0.05")
    with pytest.raises(
        IngestError, match=r"legacy\.doc: LibreOffice did not finish converting within 0\.05 s"
    ):
        read_document(LEGACY_DOC)


def test_without_libreoffice_the_error_says_how_to_enable_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this PATH
    with pytest.raises(UnsupportedFormatError) as caught:
        read_document(LEGACY_DOC)
    assert str(caught.value) == (
        f"{LEGACY_DOC}: a legacy Word/WPS document (.doc) needs LibreOffice; "
        "install LibreOffice (apt-get install libreoffice-writer-nogui) to read .doc"
    )
