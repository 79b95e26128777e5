"""Helpers for tests that damage generated assessments by hand (one line lost, a part
repeated), to check a mechanism against the records the generator wrote."""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.synthetic import SyntheticAssessment, generate_assessment

SEED = 3


def generated_with(
    wanted: Callable[[SyntheticAssessment], bool], *, seed: int = SEED
) -> SyntheticAssessment:
    """The first clean generated assessment (index 0, 1, …) that ``wanted`` accepts."""
    for index in range(200):
        made = generate_assessment(seed, index, damage="none", encoding="utf-8")
        if wanted(made):
            return made
    raise LookupError("no generated assessment fits")


def drop_line(text: str, pattern: str, nth: int = 0) -> str:
    """``text`` without the ``nth`` line that matches ``pattern`` (at the line start)."""
    lines = text.split("\n")
    hits = [index for index, line in enumerate(lines) if re.match(pattern, line)]
    del lines[hits[nth]]
    return "\n".join(lines)
