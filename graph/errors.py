"""Exceptions of the graph layer: for defects and unusable stores, never for damaged documents.

A damaged assessment is still mapped (its issues become graph nodes); these errors say that the
graph layer itself cannot do what was asked. ``str(error)`` is always one line, ready for the CLI.
"""

from __future__ import annotations


class GraphError(Exception):
    """Base class of the errors the graph layer raises."""


class StoreError(GraphError):
    """The store cannot be opened, read or written, or was asked something it cannot answer.

    >>> str(StoreError("data/store: the store is in use by another process"))
    'data/store: the store is in use by another process'
    """

    def __init__(self, message: str) -> None:
        # One line, whatever the underlying library put in its message.
        super().__init__(" ".join(message.split()))


class ValidationError(GraphError):
    """The SHACL shapes or the ontology could not be loaded to validate a graph."""
