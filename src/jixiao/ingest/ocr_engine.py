"""OCR engines: recognised text boxes with confidences from a page image. Nothing is downloaded.

The default engine is RapidOCR on ONNX Runtime (the PyPI package ``rapidocr-onnxruntime``), whose
wheel carries the PP-OCRv4 Chinese detection and recognition models: it installs with pip and runs
offline. Tesseract (Debian ``tesseract-ocr`` + ``tesseract-ocr-chi-sim``) is kept as a second engine
for comparison (``benchmarks/ocr_engines.py``); see that file for why RapidOCR is the default.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np


@dataclass(frozen=True)
class TextBox:
    """One recognised line of text: pixel box on the image (x0, y0, x1, y1) and confidence 0–1."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float


class OcrEngine(Protocol):
    name: str

    def recognise(self, image: np.ndarray) -> list[TextBox]:
        """Text boxes on a greyscale image (H×W uint8)."""
        ...


def _threads() -> int:
    try:
        return max(1, int(os.environ.get("JIXIAO_OCR_THREADS", "2")))
    except ValueError:
        return 2


class RapidOcrEngine:
    """PP-OCRv4 through rapidocr-onnxruntime; the models ship inside the wheel."""

    name = "rapidocr"

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        threads = _threads()
        # Scans are upright (rotation is corrected before), so the 180° classifier is skipped.
        self._ocr: Any = RapidOCR(
            use_cls=False,
            intra_op_num_threads=threads,
            inter_op_num_threads=1,
            max_side_len=4000,
        )

    def recognise(self, image: np.ndarray) -> list[TextBox]:
        rgb = np.dstack([image] * 3) if image.ndim == 2 else image
        result, _ = self._ocr(rgb, use_cls=False)
        boxes: list[TextBox] = []
        for points, text, score in result or []:
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            text = str(text).strip()
            if text:
                boxes.append(TextBox(text, min(xs), min(ys), max(xs), max(ys), float(score)))
        return boxes


class TesseractEngine:
    """Tesseract 5 with the simplified-Chinese model, through its command line (TSV output)."""

    name = "tesseract"

    def __init__(self) -> None:
        binary = shutil.which("tesseract")
        if binary is None:
            raise RuntimeError(
                "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
            )
        self.binary = binary

    def recognise(self, image: np.ndarray) -> list[TextBox]:
        from PIL import Image

        with tempfile.TemporaryDirectory(prefix="jixiao-tess-") as tmp:
            source = Path(tmp) / "page.png"
            Image.fromarray(image).save(source)
            out = subprocess.run(
                [self.binary, str(source), "stdout", "-l", "chi_sim", "--psm", "11", "tsv"],
                capture_output=True,
                check=True,
                timeout=300,
                env={**os.environ, "OMP_THREAD_LIMIT": str(_threads())},
            ).stdout.decode("utf-8", "replace")
        lines: dict[tuple[int, int, int, int], list[tuple[str, int, int, int, int, float]]] = {}
        for row in out.splitlines()[1:]:
            parts = row.split("\t")
            if len(parts) < 12 or not parts[11].strip() or float(parts[10]) < 0:
                continue
            key = (int(parts[1]), int(parts[2]), int(parts[3]), int(parts[4]))
            x, y, w, h = (int(v) for v in parts[6:10])
            lines.setdefault(key, []).append((parts[11].strip(), x, y, x + w, y + h, float(parts[10]) / 100))
        boxes = []
        for words in lines.values():
            text = "".join(w[0] for w in words)
            boxes.append(
                TextBox(
                    text,
                    min(w[1] for w in words),
                    min(w[2] for w in words),
                    max(w[3] for w in words),
                    max(w[4] for w in words),
                    min(w[5] for w in words),
                )
            )
        return boxes


@lru_cache(maxsize=2)
def get_engine(name: str = "rapidocr") -> OcrEngine:
    """One engine per process (loading the models takes a moment)."""
    if name == "tesseract":
        return TesseractEngine()
    return RapidOcrEngine()
