"""Many documents: discovery, workers under limits, progress, resume, manifest, atomic outputs."""

from jixiao.batch.inputs import BatchInput, discover
from jixiao.batch.limits import DocumentLimits, document_limits
from jixiao.batch.progress import make_progress
from jixiao.batch.runner import (
    EXIT_BUSY,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_SOME_PARTIAL,
    BatchRunner,
    BatchSummary,
    default_jobs,
)
from jixiao.batch.store import OutputStore

__all__ = [
    "EXIT_BUSY",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_SOME_FAILED",
    "EXIT_SOME_PARTIAL",
    "BatchInput",
    "BatchRunner",
    "BatchSummary",
    "DocumentLimits",
    "OutputStore",
    "default_jobs",
    "discover",
    "document_limits",
    "make_progress",
]
