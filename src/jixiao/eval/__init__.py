"""Golden-set evaluation: hand-made answers, domain-aware matching, per-group metrics, a regression gate."""

from jixiao.eval.answers import FIELD_GROUPS, FieldGroup, GoldenAnswer, load_answer
from jixiao.eval.baseline import (
    Baseline,
    check_against_baseline,
    load_baseline,
    save_baseline,
    update_baseline,
)
from jixiao.eval.predict import Prediction, report_to_prediction
from jixiao.eval.results import EvalReport, GateResult, Metrics, Mismatch
from jixiao.eval.runner import load_answers, run_eval
from jixiao.eval.score import score_answer

__all__ = [
    "FIELD_GROUPS",
    "Baseline",
    "EvalReport",
    "FieldGroup",
    "GateResult",
    "GoldenAnswer",
    "Metrics",
    "Mismatch",
    "Prediction",
    "check_against_baseline",
    "load_answer",
    "load_answers",
    "load_baseline",
    "report_to_prediction",
    "run_eval",
    "save_baseline",
    "score_answer",
    "update_baseline",
]
