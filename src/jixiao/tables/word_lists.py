"""Word lists the table readers keep as data beside the form vocabulary (``jixiao/vocabulary/*.yaml``).

``forms.yaml`` (column headers, row labels) is read by :mod:`jixiao.vocabulary`; the lists here belong to
one reader each: ``values.yaml`` (comparison words, units and placeholders of indicator value cells),
``figures.yaml`` (the named totals of a 决算说明's running text) and ``statements.yaml`` (the column and row
wordings of the 决算 statements).
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml


def word_list(name: str) -> dict[str, Any]:
    """The parsed ``jixiao/vocabulary/<name>.yaml``."""
    text = resources.files("jixiao.vocabulary").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


__all__ = ["word_list"]
