"""Reviewer web app over a SQLite store: check suggested values against their source.

``create_app`` serves an output folder; decisions go to ``OUT/review.sqlite`` (an append-only audit
trail with optimistic version checks); ``export_golden`` turns reviewed values into golden answers and
``reviewed_values`` hands them to the tidy exports.
"""

from jixiao.review.app import create_app
from jixiao.review.golden import ExportResult
from jixiao.review.golden import answer_for
from jixiao.review.golden import export_golden
from jixiao.review.overlay import has_reviews
from jixiao.review.overlay import reviewed_values
from jixiao.review.service import ReviewService
from jixiao.review.store import STORE_NAME
from jixiao.review.store import Decision
from jixiao.review.store import NewDecision
from jixiao.review.store import ReviewStore

__all__ = [
    "STORE_NAME",
    "Decision",
    "ExportResult",
    "NewDecision",
    "ReviewService",
    "ReviewStore",
    "answer_for",
    "create_app",
    "export_golden",
    "has_reviews",
    "reviewed_values",
]
