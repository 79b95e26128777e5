"""Errors of the diagram layer.

A view that would be empty or whose subject is unknown is refused with an exception rather than
drawn as an empty picture: the caller (the CLI) turns it into a one-line message and an exit code,
and no file is written.
"""

from __future__ import annotations

__all__ = ["EmptyViewError", "RenderError", "UnknownEntityError", "VizError"]


class VizError(Exception):
    """Base class of the errors of :mod:`viz`."""


class EmptyViewError(VizError):
    """The view has nothing to draw (an assessment without steps, an entity without neighbours)."""


class UnknownEntityError(VizError):
    """The entity asked for is not in the graph, or its name matches several entities."""


class RenderError(VizError):
    """Graphviz could not render the diagram (``dot`` missing, or it failed)."""
