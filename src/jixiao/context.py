"""A context variable set for the span of a ``with`` block: what a batch, the pipeline or a test changes for
the document at hand (read limits, learned headers, the field registry) without passing it down every call."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")


@contextmanager
def set_for_block(var: ContextVar[T], value: T) -> Iterator[T]:
    """Give ``var`` the ``value`` inside the ``with`` block (which receives it) and its earlier value after."""
    token = var.set(value)
    try:
        yield value
    finally:
        var.reset(token)


__all__ = ["set_for_block"]
