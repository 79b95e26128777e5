"""Tests of the extractor registry."""

from __future__ import annotations

from ingest.extractors import BY_KIND, EXTRACTORS, REQUIRED
from ingest.form import SectionKind


def test_one_extractor_per_kind() -> None:
    kinds = [extractor.kind for extractor in EXTRACTORS]
    assert len(kinds) == len(set(kinds))
    assert set(BY_KIND) == set(kinds)


def test_each_extractor_names_its_form_item() -> None:
    refs = {extractor.kind: extractor.form_ref for extractor in EXTRACTORS}
    assert refs[SectionKind.COVER] == "cover"
    assert refs[SectionKind.AFFAIR] == "Ⅰ 1"
    assert refs[SectionKind.SYSTEMS] == "Ⅰ 2"


def test_required_sections_are_derived() -> None:
    assert REQUIRED == (SectionKind.COVER, SectionKind.AFFAIR, SectionKind.SYSTEMS)


def test_fallbacks_stand_in_for_registered_kinds() -> None:
    for extractor in EXTRACTORS:
        if extractor.fallback_for is not None:
            assert extractor.fallback_for in BY_KIND
