"""OCR engines on the same scanned pages: RapidOCR (the default) against Tesseract, when both are installed.

    python -m benchmarks.ocr_engines                 # both golden scans, every installed engine
    python -m benchmarks.ocr_engines --docs 003_wangcheng_2020 --engines tesseract

For each engine, in a fresh interpreter with ``JIXIAO_OCR_ENGINE`` set and ``JIXIAO_OCR_THREADS``
threads (default 2, the machine's cores): the engine is loaded once, then each golden scan
(``golden/docs/<doc>.scan.pdf``) goes through the whole pipeline, timed per page. Its funds and
indicators are scored against the reading of the same content's DOCX rendering (what the golden
evaluation calls ``against_docx``): **cell accuracy** is the share of the DOCX reading's fund and
indicator cells (every scored field of every row) the scan gives right — a row the scan misses counts
all its cells as wrong.

Tesseract runs from Debian's ``tesseract-ocr`` and ``tesseract-ocr-chi-sim``; an engine that is not
installed is reported as such and left out.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
DOCS = ("002_yuelu_2021", "003_wangcheng_2020")
ENGINES = ("rapidocr", "tesseract")
GROUPS = ("funds", "indicators")


def installed(engine: str) -> str | None:
    """None when the engine can run here, else why not."""
    if engine == "tesseract":
        if shutil.which("tesseract") is None:
            return "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
        if "chi_sim" not in listed.stdout.split():
            return "tesseract has no chi_sim model (apt-get install tesseract-ocr-chi-sim)"
        return None
    import importlib.util

    if (
        importlib.util.find_spec("rapidocr") is None
        and importlib.util.find_spec("rapidocr_onnxruntime") is None
    ):
        return "neither rapidocr nor rapidocr-onnxruntime is installed"
    return None


def cell_accuracy(doc: str, scan: Path) -> dict[str, object]:
    """Read ``scan`` through the pipeline (timed) and score its funds and indicators against the DOCX."""
    from jixiao.eval.groups import groups
    from jixiao.eval.predict import report_to_prediction
    from jixiao.eval.score import align, compare_fields
    from jixiao.pipeline import Pipeline
    from jixiao.schema import PipelineConfig

    specs = groups()
    pipeline = Pipeline(PipelineConfig(backend="rules"))
    reference = report_to_prediction(pipeline.process_file(GOLDEN / "docs" / f"{doc}.docx").report, doc)
    started = time.perf_counter()
    result = pipeline.process_file(scan)
    seconds = time.perf_counter() - started
    got = report_to_prediction(result.report, doc)
    out: dict[str, object] = {"doc": doc, "pages": result.document.pages or 0, "seconds": round(seconds, 2)}
    for group in GROUPS:
        spec = specs[group]  # type: ignore[index]
        expected = list(getattr(reference.answer, group))
        predicted = list(getattr(got.answer, group))
        cells = sum(len(compare_fields(spec, e, e)) for e in expected)
        right = sum(
            ok
            for i, j in align(spec, expected, predicted)
            for _, ok in compare_fields(spec, expected[i], predicted[j])
        )
        out[group] = {"rows": len(expected), "cells": cells, "right": int(right)}
    return out


def worker(engine: str, docs: list[str]) -> None:
    """One engine over the scans; one JSON line per document on stdout."""
    os.environ["JIXIAO_OCR_ENGINE"] = engine
    from jixiao.ingest.ocr_engine import get_engine

    loaded = get_engine(engine)  # load the models before timing, as a batch worker has them loaded
    package = getattr(loaded, "package", engine)
    for doc in docs:
        row = cell_accuracy(doc, GOLDEN / "docs" / f"{doc}.scan.pdf")
        print(json.dumps({"engine": engine, "package": package, **row}), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--docs", nargs="+", default=list(DOCS))
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.docs)
        return 0
    env = {**os.environ, "JIXIAO_OCR_THREADS": os.environ.get("JIXIAO_OCR_THREADS", "2")}
    print(f"OCR threads: {env['JIXIAO_OCR_THREADS']}; load average before: {os.getloadavg()[0]:.1f}")
    print("| engine | document | pages | s per page | fund cells right | indicator cells right |")
    print("|---|---|---|---|---|---|")
    totals: dict[str, dict[str, float]] = {}
    for engine in args.engines:
        why = installed(engine)
        if why is not None:
            print(f"| {engine} | not measured: {why} | | | | |")
            continue
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.ocr_engines", "--worker", engine, "--docs", *args.docs],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if done.returncode != 0:
            print(f"| {engine} | failed: {done.stderr.strip().splitlines()[-1:]} | | | | |")
            continue
        for line in done.stdout.splitlines():
            if not line.startswith("{"):
                continue
            row = json.loads(line)
            t = totals.setdefault(engine, {"pages": 0, "seconds": 0, "cells": 0, "right": 0})
            t["pages"] += row["pages"]
            t["seconds"] += row["seconds"]
            shown = []
            for group in GROUPS:
                g = row[group]
                t["cells"] += g["cells"]
                t["right"] += g["right"]
                shown.append(f"{g['right']}/{g['cells']} ({g['right'] / max(1, g['cells']):.1%})")
            print(
                f"| {engine} ({row.get('package', engine)}) | {row['doc']} | {row['pages']} | {row['seconds'] / max(1, row['pages']):.1f} |"
                f" {shown[0]} | {shown[1]} |"
            )
    for engine, t in totals.items():
        print(
            f"{engine}: {t['pages']:.0f} pages, {t['seconds'] / max(1, t['pages']):.1f} s per page, "
            f"fund and indicator cells right {t['right']:.0f}/{t['cells']:.0f} ({t['right'] / max(1, t['cells']):.1%})"
        )
    if len(totals) == 2:
        a, b = (totals[e] for e in ENGINES)
        print(
            f"time ratio tesseract / rapidocr: {(b['seconds'] / b['pages']) / (a['seconds'] / a['pages']):.2f}"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
