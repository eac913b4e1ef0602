"""Everything jixiao makes from the golden corpus's readings, recorded so a refactoring can prove it changed none of it.

The *readings* are the output folder of ``jixiao extract golden/docs`` (reports and the documents as read),
stored in ``data/readings.tar.xz``. From them this module makes every output a layer above the readers
produces: the tidy exports in every format (with and without reviewers' decisions beside them), the golden
evaluation (``jixiao eval`` scored on the stored readings instead of reading the files again), the review
app's catalogue of every report, its document list and a few document pages, and the golden answers the
review export writes. ``test_outputs_unchanged.py`` compares them with ``data/``.

Record again (after a change that is meant to alter an output, say why in the commit)::

    jixiao extract golden/docs -o /tmp/readings && jixiao eval --out /tmp/eval.json
    python -m tests.outputs.snapshot /tmp/readings /tmp/eval.json
"""

from __future__ import annotations

import hashlib
import io
import json
import lzma
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from fastapi.testclient import TestClient

from jixiao.eval.runner import run_eval
from jixiao.export import tidy_tables
from jixiao.export import write_tables
from jixiao.export.overlay import ReviewedValue
from jixiao.export.overlay import apply_overlay
from jixiao.review import create_app
from jixiao.review.catalog import Panel
from jixiao.review.catalog import catalogue
from jixiao.review.catalog import iter_items
from jixiao.review.golden import answer_for
from jixiao.review.overlay import decided_values
from jixiao.review.store import Decision
from jixiao.schema import Document
from jixiao.schema import PipelineConfig
from jixiao.schema import Report

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
GOLDEN = HERE.parents[1] / "golden"
READINGS = DATA / "readings.tar.xz"
PAGES = (
    "002_yuelu_2021.docx",
    "000_hunan_2024.txt",
    "prov02_sichuan_qingshen_2023.pdf",
    "sh_putuo_czj_2024_juesuan.pdf",
)
"""Reports whose review page is recorded whole (a department and its projects, a 基础数据表 and 三公, the
四川 form with 指标性质 and 度量单位, a 决算)."""
STAMP = "2024-01-01T00:00:00+00:00"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the readings ---------------------------------------------------------------------------------------


def pack_readings(folder: Path, dest: Path) -> None:
    """Store an extract output folder's reports and documents (``*.json``, ``sources/*.json``)."""
    files = sorted(folder.glob("*.json")) + sorted((folder / "sources").glob("*.json"))
    with (
        lzma.open(dest, "wb", preset=9 | lzma.PRESET_EXTREME) as xz,
        tarfile.open(fileobj=xz, mode="w") as tar,
    ):
        for path in files:
            info = tarfile.TarInfo(str(path.relative_to(folder)))
            data = path.read_bytes()
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def unpack_readings(dest: Path, archive: Path = READINGS) -> Path:
    """The stored readings as an output folder in ``dest``."""
    with tarfile.open(archive, mode="r:xz") as tar:
        tar.extractall(dest, filter="data")
    return dest


@dataclass
class Readings:
    """The reports and documents of an output folder, by the name of the file they were read from."""

    folder: Path
    reports: dict[str, Report]
    files: dict[str, str]
    """File name → the name of its report in the folder (``sources/<that>`` is its document)."""

    @classmethod
    def load(cls, folder: Path) -> Readings:
        reports, files = {}, {}
        for path in sorted(folder.glob("*.json")):
            report = Report.model_validate_json(path.read_text(encoding="utf-8"))
            reports[report.source.name] = report
            files[report.source.name] = path.name
        return cls(folder, reports, files)

    def document(self, name: str) -> Document:
        path = self.folder / "sources" / self.files[name]
        return Document.model_validate_json(path.read_text(encoding="utf-8"))


class RecordedPipeline:
    """Gives the evaluation the stored readings of a file instead of reading it again."""

    def __init__(self, readings: Readings) -> None:
        self.readings = readings
        self.config = PipelineConfig(backend="rules")

    def process_file(self, path: Path | str) -> Any:
        name = Path(path).name
        return SimpleNamespace(report=self.readings.reports[name], document=self.readings.document(name))


# --- the outputs ----------------------------------------------------------------------------------------


EVERY_FORMAT = (
    ("csv", False),
    ("csv", True),
    ("jsonl", None),
    ("parquet", None),
    ("sqlite", None),
    ("xlsx", None),
)


def export_files(
    reports: list[Report],
    dest: Path,
    reviewed: list[ReviewedValue] | None = None,
    formats: tuple[tuple[str, bool | None], ...] = EVERY_FORMAT,
) -> dict[str, bytes]:
    """The tidy exports of ``reports`` in ``formats`` (CSV also with Chinese headers), by file name."""
    tables = tidy_tables(reports)
    if reviewed is not None:
        tables = apply_overlay(tables, reports, reviewed)
    out: dict[str, bytes] = {}
    for fmt, labels in formats:
        folder = dest / f"{fmt}{'-labels' if labels else ''}"
        folder.mkdir(parents=True, exist_ok=True)
        for path in write_tables(tables, folder, fmt, labels=labels):  # type: ignore[arg-type]
            out[f"{folder.name}/{path.name}"] = path.read_bytes()
    return out


def file_hashes(files: dict[str, bytes]) -> dict[str, str]:
    """sha256 per file; a workbook per member, leaving out the time it was written (docProps/core.xml)."""
    out = {}
    for name, data in files.items():
        if name.endswith(".xlsx"):
            with zipfile.ZipFile(io.BytesIO(data)) as book:
                for member in sorted(book.namelist()):
                    if member != "docProps/core.xml":
                        out[f"{name}!{member}"] = sha256(book.read(member))
        else:
            out[name] = sha256(data)
    return out


def decisions_for(report: Report, panels: list[Panel]) -> dict[str, Decision]:
    """Decisions on about half of a report's values, by a rule that depends only on their place: accepted,
    rejected or edited (to the suggested value) in turn."""
    out: dict[str, Decision] = {}
    for i, item in enumerate(iter_items(panels)):
        for j, value in enumerate(item.values):
            action = ("accept", "reject", "edit", None)[(i + j) % 4]
            if action is None:
                continue
            out[value.path] = Decision(
                id=len(out) + 1,
                report_id=report.id,
                path=value.path,
                version=1,
                action=action,
                new_value=None if action == "reject" else value.suggested,
                suggested=value.suggested,
                item_label=item.label,
                reviewer="snapshot",
                at=STAMP,
            )
    return out


def reviewed_for(report: Report, panels: list[Panel]) -> list[ReviewedValue]:
    """The same decisions as the exports receive them (text and number of the value decided)."""
    return decided_values(report.id, panels, decisions_for(report, panels))


def eval_json(readings: Readings) -> dict[str, Any]:
    """The golden evaluation of the stored readings, without its timings (as :func:`comparable_eval`)."""
    report = run_eval(GOLDEN, pipeline=RecordedPipeline(readings))  # type: ignore[arg-type]
    return comparable_eval(json.loads(report.model_dump_json()))


def comparable_eval(data: dict[str, Any]) -> dict[str, Any]:
    """An eval report without what differs from run to run: when it ran, how long each file took, the gate,
    and the golden folder as the command was given it."""
    data = dict(data)
    for key in ("created", "gate", "golden"):
        data.pop(key, None)
    data["renderings"] = [{k: v for k, v in r.items() if k != "seconds"} for r in data["renderings"]]
    return data


def review_pages(folder: Path, readings: Readings) -> dict[str, str]:
    """The review app's document list and the pages of :data:`PAGES`, as served."""
    client = TestClient(create_app(folder, reviewer="snapshot"))
    pages = {"list.html": client.get("/").text}
    for name in PAGES:
        pages[f"{name}.html"] = client.get(f"/r/{readings.reports[name].id}").text
    return pages


def golden_answers(readings: Readings, panels: dict[str, list[Panel]]) -> dict[str, Any]:
    """The answer file the review export writes for each report (its dated note left out)."""
    out = {}
    for name, report in readings.reports.items():
        answer, warnings = answer_for(report, panels[name], decisions_for(report, panels[name]))
        data = json.loads(answer.model_dump_json(exclude_defaults=True)) if answer else None
        if data is not None:
            data["notes"] = data["notes"][1:]
        out[name] = {"answer": data, "warnings": warnings}
    return out


def catalogue_hashes(panels: dict[str, list[Panel]]) -> dict[str, str]:
    return {
        name: sha256(json.dumps([p.model_dump(mode="json") for p in ps], ensure_ascii=False).encode("utf-8"))
        for name, ps in panels.items()
    }


@dataclass
class Outputs:
    hashes: dict[str, str]
    csv: dict[str, bytes]
    eval: dict[str, Any]
    pages: dict[str, str]
    answers: dict[str, Any]


def make_outputs(folder: Path, work: Path) -> Outputs:
    """Every output of the readings in ``folder`` (``work``: a scratch folder for the written exports)."""
    readings = Readings.load(folder)
    reports = list(readings.reports.values())
    panels = {name: catalogue(r) for name, r in readings.reports.items()}
    plain = export_files(reports, work / "plain")
    reviewed = [v for name, r in readings.reports.items() for v in reviewed_for(r, panels[name])]
    # The reviewed columns are the same in every format: CSV and JSONL (its key order) show them.
    overlaid = export_files(reports, work / "reviewed", reviewed, (("csv", False), ("jsonl", None)))
    hashes = {f"plain/{k}": v for k, v in file_hashes(plain).items()}
    hashes |= {f"reviewed/{k}": v for k, v in file_hashes(overlaid).items()}
    hashes |= {f"catalogue/{k}": v for k, v in catalogue_hashes(panels).items()}
    csv = {k: v for k, v in plain.items() if k.startswith("csv/")}
    answers = golden_answers(readings, panels)
    return Outputs(hashes, csv, eval_json(readings), review_pages(folder, readings), answers)


# --- stored outputs ------------------------------------------------------------------------------------


def _xz_json(path: Path, data: Any) -> None:
    path.write_bytes(
        lzma.compress(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
    )


def read_hashes() -> dict[str, str]:
    hashes: dict[str, str] = json.loads((DATA / "hashes.json").read_text(encoding="utf-8"))
    return hashes


def read_xz_json(path: Path) -> Any:
    return json.loads(lzma.decompress(path.read_bytes()))


def _xz_files(path: Path, files: dict[str, bytes]) -> None:
    with lzma.open(path, "wb", preset=9) as xz, tarfile.open(fileobj=xz, mode="w") as tar:
        for name, data in sorted(files.items()):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def read_xz_files(path: Path) -> Iterator[tuple[str, bytes]]:
    with tarfile.open(path, mode="r:xz") as tar:
        for member in tar.getmembers():
            fh = tar.extractfile(member)
            assert fh is not None
            yield member.name, fh.read()


def write(folder: Path, eval_out: Path, work: Path) -> None:
    """Record the readings in ``folder`` and every output made from them; ``eval_out`` is ``jixiao eval --out``
    over the same corpus, which the evaluation of the stored readings must reproduce."""
    DATA.mkdir(exist_ok=True)
    outputs = make_outputs(folder, work)
    cli = comparable_eval(json.loads(eval_out.read_text(encoding="utf-8")))
    if cli != outputs.eval:
        raise SystemExit(
            "the stored readings do not reproduce `jixiao eval`: were they read by the same version?"
        )
    pack_readings(folder, READINGS)
    (DATA / "hashes.json").write_text(
        json.dumps(outputs.hashes, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    _xz_files(DATA / "csv.tar.xz", outputs.csv)
    _xz_json(DATA / "eval.json.xz", cli)
    _xz_files(DATA / "review_pages.tar.xz", {k: v.encode("utf-8") for k, v in outputs.pages.items()})
    _xz_json(DATA / "review_answers.json.xz", outputs.answers)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        write(Path(sys.argv[1]), Path(sys.argv[2]), Path(tmp))
