"""Many documents: discovery, workers under limits, progress, resume, manifest, atomic outputs."""

from jixiao.batch.inputs import BatchInput
from jixiao.batch.inputs import discover
from jixiao.batch.limits import DocumentLimits
from jixiao.batch.limits import document_limits
from jixiao.batch.progress import make_progress
from jixiao.batch.runner import EXIT_BUSY
from jixiao.batch.runner import EXIT_INTERRUPTED
from jixiao.batch.runner import EXIT_OK
from jixiao.batch.runner import EXIT_SOME_FAILED
from jixiao.batch.runner import EXIT_SOME_PARTIAL
from jixiao.batch.runner import BatchRunner
from jixiao.batch.runner import BatchSummary
from jixiao.batch.runner import default_jobs
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
