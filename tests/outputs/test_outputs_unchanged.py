"""The exports, the golden evaluation, the review app's pages and its answer files are what they were when
recorded (see ``snapshot.py``): byte for byte for the exports, apart from timings for the evaluation."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.outputs.snapshot import DATA
from tests.outputs.snapshot import Outputs
from tests.outputs.snapshot import make_outputs
from tests.outputs.snapshot import read_hashes
from tests.outputs.snapshot import read_xz_files
from tests.outputs.snapshot import read_xz_json
from tests.outputs.snapshot import unpack_readings


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    folder = unpack_readings(tmp_path_factory.mktemp("readings"))
    return make_outputs(folder, tmp_path_factory.mktemp("work"))


def _first_difference(expected: str, got: str) -> str:
    diff = difflib.unified_diff(expected.splitlines(), got.splitlines(), "recorded", "now", n=1, lineterm="")
    return "\n".join(list(diff)[:20])


@pytest.mark.slow
def test_every_export_is_byte_identical(outputs: Outputs) -> None:
    recorded = read_hashes()
    assert sorted(outputs.hashes) == sorted(recorded)
    for name, data in read_xz_files(DATA / "csv.tar.xz"):
        assert outputs.csv[name] == data, f"{name}:\n" + _first_difference(
            data.decode("utf-8"), outputs.csv[name].decode("utf-8")
        )
    changed = [name for name in recorded if outputs.hashes[name] != recorded[name]]
    assert changed == []


@pytest.mark.slow
def test_the_golden_evaluation_is_the_same_apart_from_timings(outputs: Outputs) -> None:
    assert outputs.eval == read_xz_json(DATA / "eval.json.xz")


@pytest.mark.slow
def test_review_pages_and_answer_files_are_the_same(outputs: Outputs) -> None:
    pages = dict(read_xz_files(DATA / "review_pages.tar.xz"))
    assert sorted(outputs.pages) == sorted(pages)
    for name, data in pages.items():
        assert outputs.pages[name] == data.decode("utf-8"), f"{name}:\n" + _first_difference(
            data.decode("utf-8"), outputs.pages[name]
        )
    assert outputs.answers == read_xz_json(DATA / "review_answers.json.xz")


def test_the_recorded_readings_are_the_whole_golden_corpus() -> None:
    names = {n for n, _ in read_xz_files(DATA / "readings.tar.xz") if "/" not in n}
    docs = {
        p.name for p in (Path(__file__).resolve().parents[2] / "golden" / "docs").iterdir() if p.is_file()
    }
    assert len(names) == len(docs) == 62
