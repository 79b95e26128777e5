"""Ⅲ and Ⅳ → RDF: risks per handling stage, their ratings, and their measures per platform.

Each risk is ``…/risk/{stage}/{no}`` (``mnpia:Risk``; the assessment ``mnpia:hasRisk`` it) with
``mnpia:stage`` the concept of vocab/handling-stages when the section is a stage of Ⅲ,
``mnpia:stageText`` the section as written (also for Ⅳ items such as 監査), ``mnpia:riskNo``,
``rdfs:label`` its name and ``mnpia:rating`` the concept of vocab/risk-ratings. When the document
repeats Ⅲ per file, the risk ``mnpia:concernsFile`` the file whose Ⅲ states it (the assessment alone
``mnpia:hasRisk`` it; the k-th file's risk of the same stage and number gets the repeat IRI
``…-k``).

Its 措置 become ``mnpia:Measure`` nodes ``…/measure/{m}``. A measure text that lists blocks
〈X における措置〉 for the platforms the record names is cut at those markers, one measure per
platform (``mnpia:platformName`` X as written; ``mnpia:platform`` the system X names, national or
local), with the text before the first marker as a measure of its own. When the markers cannot
all be found, the whole text is one measure linked to every platform.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import Final

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graph import iri
from graph.context import FileEntry, MappingContext, Triple, literal, text
from ingest.records import Risk
from ontology.lexicon import handling_stage, label_key, rating
from ontology.namespace import MNPIA

__all__ = ["measures_by_platform", "risks_to_triples"]

_OPENERS: Final = frozenset("<＜〈《【[「●◆■□◇・く")
"""What may open a 〈X における措置〉 marker (く is OCR's reading of <)."""
_CLOSERS: Final = frozenset(">＞〉》】]」")
_MARKER_TAIL: Final = (
    r"(?:\s*[（(].{0,80}?[）)])?\s*に\s*お\s*け\s*る\s*措\s*置(?:\s*の\s*内\s*容)?"
)
"""After the platform's name: an optional parenthetical (ガバメントクラウド（次期…）), then
における措置 (spaces allowed: PDF text breaks words)."""


def _marker(body: str, name: str) -> tuple[int, int] | None:
    """Where the marker 〈name における措置〉 is in ``body``: (start, end) with its brackets."""
    compact = "".join(name.split())
    pattern = r"\s*".join(re.escape(char) for char in compact) + _MARKER_TAIL
    found = re.search(pattern, body)
    if found is None:
        return None
    start, end = found.span()
    if start > 0 and body[start - 1] in _OPENERS:
        start -= 1
    if end < len(body) and body[end] in _CLOSERS:
        end += 1
    return start, end


def measures_by_platform(
    measures: str | None, platforms: Sequence[str]
) -> list[tuple[tuple[str, ...], str | None]]:
    """The measures of a risk: (platforms, text) pairs in text order.

    >>> text = "全般。<中間サーバーにおける措置>暗号化する。<課内における措置>施錠する。"
    >>> measures_by_platform(text, ["中間サーバー", "課内"])
    [((), '全般。'), (('中間サーバー',), '暗号化する。'), (('課内',), '施錠する。')]
    >>> measures_by_platform("施錠する。", ["中間サーバー"])
    [(('中間サーバー',), '施錠する。')]
    >>> measures_by_platform("施錠する。", [])
    [((), '施錠する。')]
    """
    body = text(measures)
    names = [name for name in (text(p) for p in platforms) if name is not None]
    if not names:
        return [((), body)] if body is not None else []
    if body is None:
        return [(tuple(names), None)]
    spans: list[tuple[int, int, str]] = []
    for name in names:
        span = _marker(body, name)
        if span is None:
            return [(tuple(names), body)]
        spans.append((*span, name))
    spans.sort()
    if any(later[0] < earlier[1] for earlier, later in pairwise(spans)):
        return [(tuple(names), body)]
    pieces: list[tuple[tuple[str, ...], str | None]] = []
    lead = body[: spans[0][0]].strip()
    if lead:
        pieces.append(((), lead))
    for i, (_start, end, name) in enumerate(spans):
        stop = spans[i + 1][0] if i + 1 < len(spans) else len(body)
        pieces.append(((name,), body[end:stop].strip() or None))
    return pieces


def _stage(section: str) -> tuple[str, URIRef | None]:
    """The IRI segment of a risk's section and its handling-stage concept, when known."""
    concept = handling_stage(section)
    if concept is None:
        return section, None
    return concept.key, URIRef(concept.iri)


def _measure_triples(ctx: MappingContext, risk: Risk, owner: URIRef) -> Iterator[Triple]:
    pieces = measures_by_platform(risk.measures, risk.platforms)
    for m, (platforms, body) in enumerate(pieces, start=1):
        node = iri.measure_iri(owner, m)
        ctx.mention(node, risk.line)
        yield node, RDF.type, MNPIA.Measure
        yield owner, MNPIA.hasMeasure, node
        if body is not None:
            yield node, RDFS.comment, Literal(body)
        for name in platforms:
            yield node, MNPIA.platformName, Literal(name)
            system = ctx.named_system(name)
            if system is not None:
                yield from ctx.system_triples(system, risk.line)
                yield node, MNPIA.platform, system.iri


def _file_of_risk(ctx: MappingContext, name: str | None) -> FileEntry | None:
    """The file a risk of a per-file Ⅲ is stated for: the file of that name (spacing and width
    ignored), else the one file whose name contains it or is contained in it."""
    wanted = text(name)
    if wanted is None:
        return None
    key = label_key(wanted)
    named = [entry for entry in ctx.files if entry.name is not None]
    exact = [entry for entry in named if label_key(entry.name or "") == key]
    if exact:
        return exact[0]
    near = [
        entry
        for entry in named
        if key in label_key(entry.name or "") or label_key(entry.name or "") in key
    ]
    return near[0] if len(near) == 1 else None


def risks_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """Ⅲ リスク対策 (and Ⅳ その他のリスク対策): each risk with its stage, rating and measures."""
    for risk in ctx.result.risks:
        section = text(risk.section)
        if section is None:
            continue
        segment, stage = _stage(section)
        number = risk.no if risk.no is not None and risk.no >= 1 else None
        node = ctx.claim(iri.risk_iri(ctx.key, segment, number))
        ctx.mention(node, risk.line)
        yield node, RDF.type, MNPIA.Risk
        yield ctx.assessment, MNPIA.hasRisk, node
        if (entry := _file_of_risk(ctx, risk.file)) is not None:
            yield node, MNPIA.concernsFile, entry.iri
        yield node, MNPIA.stageText, Literal(section)
        if stage is not None:
            yield node, MNPIA.stage, stage
        if number is not None:
            yield node, MNPIA.riskNo, Literal(number)
        if (name := literal(risk.name)) is not None:
            yield node, RDFS.label, name
        if (label := text(risk.rating)) is not None and (concept := rating(label)) is not None:
            yield node, MNPIA.rating, URIRef(concept.iri)
        if (form_ref := literal(risk.form_ref)) is not None:
            yield node, MNPIA.formRef, form_ref
        yield from _measure_triples(ctx, risk, node)
