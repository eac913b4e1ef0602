"""Many documents: discovery, workers, progress, resume, manifest, atomic outputs."""

from jixiao.batch.inputs import BatchInput, discover
from jixiao.batch.progress import make_progress
from jixiao.batch.runner import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    BatchRunner,
    BatchSummary,
    default_jobs,
)
from jixiao.batch.store import OutputStore

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_SOME_FAILED",
    "BatchInput",
    "BatchRunner",
    "BatchSummary",
    "OutputStore",
    "default_jobs",
    "discover",
    "make_progress",
]
