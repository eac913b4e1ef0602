"""Run the pipeline over the golden set and score every rendering of every answered document."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Literal

from jixiao import __version__
from jixiao.errors import EvalError
from jixiao.errors import JixiaoError
from jixiao.eval.answers import FIELD_GROUPS
from jixiao.eval.answers import NEW_FORMAT_RENDERINGS
from jixiao.eval.answers import GoldenAnswer
from jixiao.eval.answers import load_answer
from jixiao.eval.locate import Locator
from jixiao.eval.predict import Prediction
from jixiao.eval.predict import empty_prediction
from jixiao.eval.predict import report_to_prediction
from jixiao.eval.results import Counts
from jixiao.eval.results import EvalReport
from jixiao.eval.results import GroupResult
from jixiao.eval.results import Metrics
from jixiao.eval.results import RenderingResult
from jixiao.eval.score import score_answer
from jixiao.pipeline import Pipeline
from jixiao.schema import Document
from jixiao.schema import LLMOptions
from jixiao.schema import PipelineConfig

Backend = Literal["rules", "llm"]


def load_answers(expected_dir: Path) -> list[GoldenAnswer]:
    """Every answer file in ``expected_dir``, validated, in name order.

    Raises:
        EvalError: a file does not validate, or its ``doc`` is not its file name's stem.
    """
    if not expected_dir.is_dir():
        raise EvalError(str(expected_dir), "no such folder (expected golden answers here)")
    answers = []
    for path in sorted(expected_dir.glob("*.json")):
        answer = load_answer(path)
        if answer.doc != path.stem:
            raise EvalError(str(path), f"doc is '{answer.doc}' but the file is named '{path.stem}.json'")
        answers.append(answer)
    return answers


def make_pipeline(backend: Backend) -> Pipeline:
    """A pipeline for the backend; the LLM endpoint comes from OPENAI_BASE_URL / OPENAI_API_KEY / JIXIAO_MODEL."""
    if backend == "llm":
        llm = LLMOptions(
            base_url=os.environ.get("OPENAI_BASE_URL"),
            api_key=os.environ.get("OPENAI_API_KEY"),
            model=os.environ.get("JIXIAO_MODEL"),
        )
        return Pipeline(PipelineConfig(backend="llm", llm=llm))
    return Pipeline(PipelineConfig(backend="rules"))


def evaluate_rendering(
    answer: GoldenAnswer, path: Path, pipeline: Pipeline, fmt: str | None = None
) -> RenderingResult:
    """Run the pipeline on one file and score it. A file the tool cannot read scores as finding nothing."""
    result, _ = _evaluate(answer, path, pipeline, fmt)
    return result


def _evaluate(
    answer: GoldenAnswer, path: Path, pipeline: Pipeline, fmt: str | None
) -> tuple[RenderingResult, Prediction]:
    started = time.perf_counter()
    error: str | None = None
    document: Document | None = None
    try:
        processed = pipeline.process_file(path)
        document = processed.document
        prediction = report_to_prediction(processed.report, answer.doc)
    except JixiaoError as exc:
        error = exc.one_line()
        prediction = empty_prediction(answer.doc)
    except Exception as exc:  # the harness reports a crash in one rendering and goes on with the rest
        error = f"{path.name}: crash: {type(exc).__name__}: {exc}"
        prediction = empty_prediction(answer.doc)
    locator = Locator(document) if document is not None else None
    groups = score_answer(answer, prediction, locator)
    result = RenderingResult(
        doc=answer.doc,
        file=path.name,
        format=fmt or path.suffix.lstrip("."),
        error=error,
        seconds=round(time.perf_counter() - started, 3),
        groups=groups,
    )
    return result, prediction


def against_docx(answer: GoldenAnswer, docx: Prediction, other: Prediction) -> list[GroupResult]:
    """``other`` scored with the DOCX rendering's reading as the answers, over the groups ``answer`` covers.

    Measures what a format loses or changes relative to the DOCX rendering of the same content,
    independently of whether the DOCX reading is itself right.
    """
    reference = docx.answer.model_copy(update={"covers": list(answer.covers)})
    return score_answer(reference, other, None)


def aggregate(renderings: list[RenderingResult]) -> dict[str, Metrics]:
    """Per group, counts summed over renderings (micro-average), in the answer format's group order."""
    totals: dict[str, Counts] = {}
    for r in renderings:
        for g in r.groups:
            totals[g.group] = totals.get(g.group, Counts()) + g.metrics.counts
    return {g: Metrics.from_counts(totals[g]) for g in FIELD_GROUPS if g in totals}


def run_eval(
    golden: Path,
    backend: Backend = "rules",
    *,
    pipeline: Pipeline | None = None,
    progress: Callable[[RenderingResult], None] | None = None,
) -> EvalReport:
    """Evaluate every rendering (.txt, .docx, .pdf) present in ``golden/docs`` of every answered document.

    Args:
        golden: the golden folder, holding ``docs/`` and ``expected/``.
        backend: narrative backend to run (ignored when ``pipeline`` is given).
        pipeline: a ready pipeline (tests pass one with a fake backend).
        progress: called after each rendering is scored.

    Raises:
        EvalError: the golden folder or an answer file is invalid.
    """
    docs = golden / "docs"
    answers = load_answers(golden / "expected")
    if not answers:
        raise EvalError(str(golden / "expected"), "no answer files (*.json)")
    pipeline = pipeline or make_pipeline(backend)
    report = EvalReport(
        backend=pipeline.config.backend,
        jixiao_version=__version__,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        golden=str(golden),
    )
    for answer in answers:
        docx_prediction: Prediction | None = None
        # The DOCX rendering first: the other formats of the same content are also scored against it.
        formats = sorted(answer.formats, key=lambda f: f != "docx")
        for fmt in formats:
            path = docs / f"{answer.doc}.{fmt}"
            if not path.is_file():
                report.skipped.append(path.name)
                continue
            result, prediction = _evaluate(answer, path, pipeline, fmt)
            if fmt == "docx" and result.error is None:
                docx_prediction = prediction
            if fmt in NEW_FORMAT_RENDERINGS and docx_prediction is not None:
                result.against_docx = against_docx(answer, docx_prediction, prediction)
            report.renderings.append(result)
            if progress is not None:
                progress(result)
    report.aggregate = aggregate(report.renderings)
    return report
