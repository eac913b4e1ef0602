"""One exception root for the project, with a subclass per stage.

Every error names the file it is about and, where known, the place in it, so that a batch can
write a one-line reason per failed document.
"""

from __future__ import annotations


class JixiaoError(Exception):
    """Root of all jixiao errors."""

    def __init__(self, path: str | None, reason: str, *, where: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.where = where
        super().__init__(self.one_line())

    def one_line(self) -> str:
        place = f" ({self.where})" if self.where else ""
        subject = f"{self.path}{place}: " if self.path else ""
        return f"{subject}{self.reason}"


class IngestError(JixiaoError):
    """The file cannot be read as a document."""


class EmptyDocumentError(IngestError):
    """The file is empty or holds no text."""


class UnsupportedFormatError(IngestError):
    """The file's format is not one jixiao reads (or needs a converter that is missing)."""


class CorruptFileError(IngestError):
    """The file is damaged or is not what its name says."""


class EncryptedFileError(IngestError):
    """The file is password-protected."""


class NoTextLayerError(IngestError):
    """A PDF with no text layer: probably a scan."""


class LimitExceededError(IngestError):
    """The file would take more than one of the limits set for a document (size, cells, text, pages)."""


class StructureError(JixiaoError):
    """Headings or sections could not be worked out."""


class ExtractionError(JixiaoError):
    """A table could not be read into typed rows."""


class NarrativeError(JixiaoError):
    """A narrative section could not be interpreted."""


class LLMError(NarrativeError):
    """The LLM endpoint failed after its retry budget was spent."""


class ConfigError(JixiaoError):
    """A setting or option is invalid."""


class FolderBusyError(JixiaoError):
    """Another run holds the folder's lock (the message names it)."""


class EvalError(JixiaoError):
    """The golden set or an answer file is invalid."""


class ReviewError(JixiaoError):
    """A review decision could not be stored."""


class ReviewConflictError(ReviewError):
    """Someone else saved this value since it was loaded (optimistic version check)."""
