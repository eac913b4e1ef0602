"""Golden-set evaluation: hand-made answers, domain-aware matching, per-group metrics, a regression gate."""

from jixiao.eval.answers import FIELD_GROUPS
from jixiao.eval.answers import FieldGroup
from jixiao.eval.answers import GoldenAnswer
from jixiao.eval.answers import load_answer
from jixiao.eval.baseline import Baseline
from jixiao.eval.baseline import check_against_baseline
from jixiao.eval.baseline import load_baseline
from jixiao.eval.baseline import save_baseline
from jixiao.eval.baseline import update_baseline
from jixiao.eval.predict import Prediction
from jixiao.eval.predict import report_to_prediction
from jixiao.eval.results import EvalReport
from jixiao.eval.results import GateResult
from jixiao.eval.results import Metrics
from jixiao.eval.results import Mismatch
from jixiao.eval.runner import load_answers
from jixiao.eval.runner import run_eval
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
