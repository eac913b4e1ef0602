"""OCR engines: recognised text boxes with confidences from a page image. Nothing is downloaded.

The default engine is RapidOCR on ONNX Runtime (the PyPI package ``rapidocr`` with ``onnxruntime``),
whose wheel carries the PP-OCRv6 Chinese detection and recognition models: it installs with pip, runs
offline, and needs only OpenCV's headless build (no libGL). Tesseract (Debian ``tesseract-ocr`` +
``tesseract-ocr-chi-sim``, ``JIXIAO_OCR_ENGINE=tesseract``) is kept as a second engine for comparison:
on the golden scans it read 40 % of the fund and indicator cells RapidOCR reads 97 % of, at twice the
seconds per page (``python -m benchmarks.ocr_engines``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from typing import Protocol

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


# PP-OCRv6's recogniser sets a space inside a printed number now and then ('1, 234.50', '1,216.0 0');
# a number is printed without one, so a space between two of its characters is dropped.
_SPACE_IN_NUMBER = re.compile(r"(?<=[0-9.,，．])\s+(?=[0-9.,%，．％])")


def _close_numbers(text: str) -> str:
    return _SPACE_IN_NUMBER.sub("", text) if " " in text else text


def _threads() -> int:
    try:
        return max(1, int(os.environ.get("JIXIAO_OCR_THREADS", "2")))
    except ValueError:
        return 2


class RapidOcrEngine:
    """PP-OCR through RapidOCR on ONNX Runtime; the models ship inside the wheel.

    The ``rapidocr`` package (3.x, PP-OCRv6 models, OpenCV headless) is used; ``rapidocr_onnxruntime``
    (1.x, PP-OCRv4) when only it is installed — it requires the desktop ``opencv-python``, which needs
    the system's libGL.
    """

    name = "rapidocr"

    def __init__(self) -> None:
        threads = _threads()
        self.package: str
        try:
            from rapidocr import RapidOCR
        except ImportError:
            from rapidocr_onnxruntime import RapidOCR as RapidOCR1

            self.package = "rapidocr_onnxruntime"
            # Scans are upright (rotation is corrected before), so the 180° classifier is skipped.
            self._ocr: Any = RapidOCR1(
                use_cls=False, intra_op_num_threads=threads, inter_op_num_threads=1, max_side_len=4000
            )
            return
        self.package = "rapidocr"
        self._ocr = RapidOCR(
            params={
                "Global.use_cls": False,
                "Global.max_side_len": 4000,
                "Global.log_level": "warning",
                "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
        )

    def recognise(self, image: np.ndarray) -> list[TextBox]:
        rgb = np.dstack([image] * 3) if image.ndim == 2 else image
        if self.package == "rapidocr":
            output = self._ocr(rgb, use_cls=False)
            found = zip(output.boxes, output.txts, output.scores, strict=True) if output.txts else []
        else:
            result, _ = self._ocr(rgb, use_cls=False)
            found = result or []
        boxes: list[TextBox] = []
        for points, text, score in found:
            xs = [float(p[0]) for p in points]
            ys = [float(p[1]) for p in points]
            text = _close_numbers(str(text).strip())
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
