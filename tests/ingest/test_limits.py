"""Readers under limits: numbers and sizes from a file are bounded before anything is allocated from them.

Each case is a real hostile file (from :mod:`tests.hostile.corpus`); each must fail with a one-line
reason naming the limit, in a time and memory no larger than a small document's.
"""

from __future__ import annotations

import os
import resource
import threading
import time
from pathlib import Path

import pytest

from jixiao.errors import CorruptFileError
from jixiao.errors import IngestError
from jixiao.errors import LimitExceededError
from jixiao.ingest import read_document
from jixiao.ingest.limits import ReadLimits
from jixiao.ingest.limits import limits_in_force
from tests.hostile.bombs import MiB
from tests.hostile.bombs import docx
from tests.hostile.bombs import paragraph
from tests.hostile.bombs import pdf
from tests.hostile.bombs import text_ops
from tests.hostile.corpus import CASES
from tests.hostile.corpus import make_corpus


def _case(name: str, folder: Path) -> Path:
    (case,) = [c for c in CASES if c.file == name]
    make_corpus(folder, [case])
    return folder / name


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _refused(path: Path, phrase: str, *, seconds: float = 5.0, grow_mb: float = 150.0) -> str:
    """Read ``path``: it must raise a one-line LimitExceededError holding ``phrase``, within bounds."""
    before = _peak_rss_mb()
    started = time.perf_counter()
    with pytest.raises(LimitExceededError) as caught:
        read_document(path)
    elapsed = time.perf_counter() - started
    reason = caught.value.one_line()
    assert phrase in reason and "\n" not in reason and reason.startswith(str(path))
    assert elapsed < seconds, f"{path.name} took {elapsed:.1f}s"
    # ru_maxrss only rises past the process's earlier peak, so this bounds the growth from above.
    assert _peak_rss_mb() - before < grow_mb, (
        f"{path.name} grew the process by {_peak_rss_mb() - before:.0f} MB"
    )
    return reason


def test_grid_before_of_a_hundred_million_is_refused_before_any_range_is_built(tmp_path: Path) -> None:
    path = _case("docx_grid_before.docx", tmp_path)
    assert path.stat().st_size < 1100
    reason = _refused(path, "w:gridBefore=100,000,000 is over the 200,000-cell table limit", seconds=2.0)
    assert "(table 1 row 1)" in reason


@pytest.mark.parametrize("name", ["docx_grid_span.docx", "docx_grid_span_digits.docx"])
def test_a_huge_grid_span_is_refused(name: str, tmp_path: Path) -> None:
    _refused(_case(name, tmp_path), "w:gridSpan=", seconds=2.0)


def test_rows_of_wide_spans_are_refused_as_a_table_over_the_cell_limit(tmp_path: Path) -> None:
    _refused(
        _case("docx_wide_spans.docx", tmp_path), "table 1 of 2 × 199,999 cells is over the 200,000-cell limit"
    )


def test_a_table_of_10000_by_50_cells_is_refused_before_its_cells_are_read(tmp_path: Path) -> None:
    # python-docx parses the 30 MB of XML whole (a quarter of a gigabyte); no cell is read after.
    path = _case("docx_table_10000x50.docx", tmp_path)
    _refused(path, "table 1 of 10,000 × 50 cells is over the 200,000-cell limit", seconds=20, grow_mb=400)


def test_a_docx_zip_bomb_is_refused_from_its_declared_sizes(tmp_path: Path) -> None:
    path = _case("docx_zip_bomb.docx", tmp_path)
    assert path.stat().st_size < 2 * MiB
    reason = _refused(path, "over the 256 MiB decompressed-size limit", seconds=1.0, grow_mb=20)
    assert "unpacks to 1.2 GiB (word/document.xml: 1.2 GiB)" in reason


def test_a_zip_entry_lying_about_its_size_gets_no_further_than_it_declares(tmp_path: Path) -> None:
    path = _case("docx_lying_sizes.docx", tmp_path)
    with pytest.raises(CorruptFileError, match=r"Bad CRC-32 for file 'word/document\.xml'"):
        read_document(path)


@pytest.mark.parametrize("name", ["pdf_flate_bomb.pdf", "pdf_double_flate.pdf"])
def test_a_pdf_flate_bomb_is_refused_before_pdfium_inflates_it(name: str, tmp_path: Path) -> None:
    reason = _refused(
        _case(name, tmp_path),
        "unpacks to more than the 256 MiB decompressed-size limit",
        seconds=8,
        grow_mb=20,
    )
    assert "a Flate stream at byte" in reason


def test_the_page_limit(tmp_path: Path) -> None:
    path = tmp_path / "six.pdf"
    path.write_bytes(pdf([text_ops([f"第{i}页"]) for i in range(6)]))
    with limits_in_force(ReadLimits(pages=5)):
        _refused(path, "6 pages is over the 5-page limit (--max-pages)")
    assert read_document(path).pages == 6


def test_the_text_limit_refuses_a_large_text_file_before_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:
        fh.write("一、部门概况\n".encode())
        fh.write(("预算执行良好。" * 100_000 + "\n").encode() * 200)  # 200 MB
    assert path.stat().st_size > 200_000_000
    _refused(path, "text of more than 10,000,000 characters is over the text limit", seconds=2.0, grow_mb=40)


def test_the_text_limit_counts_characters_after_decoding(tmp_path: Path) -> None:
    path = _case("txt_11m_ascii.txt", tmp_path)  # 11 MB: not refused from its size alone
    _refused(path, "text of more than 10,000,000 characters", seconds=10.0, grow_mb=400)
    with limits_in_force(ReadLimits(text_chars=50)):
        small = tmp_path / "small.docx"
        small.write_bytes(docx(paragraph("一、部门概况") + paragraph("预算执行良好。" * 20)))
        _refused(small, "text of more than 50 characters")


@pytest.mark.parametrize(
    ("name", "kind"),
    [("fifo.txt", "a named pipe"), ("device.pdf", "a character device"), ("socket.txt", "a socket")],
)
def test_files_that_are_not_regular_are_refused_unopened(name: str, kind: str, tmp_path: Path) -> None:
    path = _case(name, tmp_path)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_document(path)
        except BaseException as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(5.0)
    if reader.is_alive():  # unblock the reader stuck on the pipe before failing
        with open(path, "wb") if name == "fifo.txt" else open(os.devnull, "wb"):
            pass
        pytest.fail(f"reading {name} blocked")
    assert isinstance(outcome[0], IngestError)
    assert str(outcome[0]) == f"{path}: is {kind}, not a regular file"


def test_list_counters_from_the_file_are_bounded(tmp_path: Path) -> None:
    for name in ("docx_huge_list_start.docx", "docx_letter_start.docx"):
        path = _case(name, tmp_path)
        started = time.perf_counter()
        doc = read_document(path)
        assert time.perf_counter() - started < 2.0
        (item,) = [p for p in doc.paragraphs() if p.text == "第一项"]
        # A start Word cannot hold is read as the default start.
        assert item.numbering == ("I、" if name == "docx_huge_list_start.docx" else "A、")
