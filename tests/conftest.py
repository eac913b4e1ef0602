"""Shared fixtures: where the golden documents are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "golden"
GOLDEN_DOCS = GOLDEN / "docs"
SEED_STEMS = ("000_hunan_2024", "001_yueyang_2024", "002_yuelu_2021", "003_wangcheng_2020", "004_zigong_2022")
REALDOC_PDF = GOLDEN_DOCS / "sh_putuo_czj_2024_juesuan.pdf"


@pytest.fixture(scope="session")
def golden_docs() -> Path:
    return GOLDEN_DOCS


def seed_path(stem: str, fmt: str = "txt") -> Path:
    return GOLDEN_DOCS / f"{stem}.{fmt}"
