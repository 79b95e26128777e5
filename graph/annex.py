"""別添 and 別紙 → RDF: the 別添1 flow, the 別添3 change history, and the 別紙 annex tables.

- 別添1 steps (``…/step/{no}``, ``mnpia:FlowStep``; the process ``mnpia:hasStep`` them) with
  ``mnpia:stepNo``, the text as ``rdfs:comment``, ``mnpia:data`` literals,
  ``mnpia:carriesPersonalNumber`` (``xsd:boolean``, only when the text says), and ``mnpia:actor``
  the nodes the actors resolve to (:meth:`graph.context.MappingContext.party`): a national or
  local system, the data subjects (住民, 本人 …: the data-subject concept of
  vocab/source-categories), the municipality, a delegate or recipient the assessment names, a
  department, an organisation.
- 別添3 rows (``…/change/{n}``, ``mnpia:ChangeRecord``): ``mnpia:changeDate`` (``xsd:date``) and
  ``mnpia:changeDateText`` (the 和暦 as written), item, before, after, timing, reason. A row with
  neither a date nor a date text is not mapped (a change record has a date).
- 別紙 provisions (``…/annex-provision/{m}``): a ``mnpia:Provision`` to an organisation, or a
  ``mnpia:Transfer`` when the recipient is a department; the only file of the assessment, or
  else the process, ``mnpia:hasFlow`` it (the annex tables do not say which file).
- 別紙 条例 requesters (``…/requester/{n}``): a ``mnpia:Provision`` that the assessment
  ``mnpia:hasRequester``, with the requester as ``mnpia:recipient`` and the ordinance as
  ``mnpia:hasLegalBasis``.
- 重大事故 (``…/incident/{n}``, ``mnpia:Incident``): year, summary, type, and its 再発防止策 as a
  ``mnpia:Measure``.

Numbers are 1-based positions in the records, so a row skipped for lack of content does not
renumber the others.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, XSD

from graph import iri
from graph.context import BodyKind, MappingContext, Triple, literal, recipient_name, text
from graph.file import flow_to_triples
from graph.law import citations_to_triples
from ontology.namespace import MNPIA

__all__ = [
    "annex_provisions_to_triples",
    "changes_to_triples",
    "flow_steps_to_triples",
    "incidents_to_triples",
    "requesters_to_triples",
]


def flow_steps_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """別添1 事務の内容: the numbered steps of the flow, their actors and data."""
    for step in ctx.result.flow_steps:
        if step.no < 1:
            continue
        node = ctx.claim(iri.step_iri(ctx.key, step.no))
        ctx.mention(node, step.line)
        yield node, RDF.type, MNPIA.FlowStep
        yield ctx.process, MNPIA.hasStep, node
        yield node, MNPIA.stepNo, Literal(step.no)
        if (body := literal(step.text)) is not None:
            yield node, RDFS.comment, body
        for actor in step.actors:
            party = ctx.party(actor, step.line)
            if party is not None:
                yield from party.triples
                yield node, MNPIA.actor, party.iri
        for data in step.data:
            if (value := literal(data)) is not None:
                yield node, MNPIA.data, value
        if step.personal_number is not None:
            yield node, MNPIA.carriesPersonalNumber, Literal(step.personal_number)


def changes_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """別添3 変更箇所: one change record per row that has a date."""
    for n, change in enumerate(ctx.result.changes, start=1):
        date_text = text(change.date_text)
        if change.date is None and date_text is None:
            continue
        node = iri.change_iri(ctx.key, n)
        ctx.mention(node, change.line)
        yield node, RDF.type, MNPIA.ChangeRecord
        yield ctx.assessment, MNPIA.hasChange, node
        if change.date is not None:
            yield node, MNPIA.changeDate, Literal(change.date.isoformat(), datatype=XSD.date)
        if date_text is not None:
            yield node, MNPIA.changeDateText, Literal(date_text)
        for predicate, value in (
            (MNPIA.item, change.item),
            (MNPIA.before, change.before),
            (MNPIA.after, change.after),
            (MNPIA.submissionTiming, change.timing),
            (MNPIA.reason, change.reason),
        ):
            if (found := literal(value)) is not None:
                yield node, predicate, found


def annex_provisions_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """別紙 提供先 / 移転先 lists: provisions (and transfers to departments) of the process."""
    owner = ctx.files[0].iri if len(ctx.files) == 1 else ctx.process
    for m, flow in enumerate(ctx.result.annex_provisions, start=1):
        name = recipient_name(flow.recipient)
        if name is None:
            continue
        node = iri.annex_provision_iri(ctx.key, m)
        kind = ctx.recipient_kind(name)
        party = ctx.body_node(name, flow.line, kind)
        yield owner, MNPIA.hasFlow, node
        flow_kind = MNPIA.Transfer if kind is BodyKind.DEPARTMENT else MNPIA.Provision
        yield from flow_to_triples(
            ctx, node, flow, kind=flow_kind, recipient=party, path=("annex", m - 1)
        )
        if (form_ref := literal(flow.source_form_ref)) is not None:
            yield node, MNPIA.formRef, form_ref


def requesters_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """別紙 条例に基づく提供: each requester as a provision the assessment ``hasRequester``."""
    for n, requester in enumerate(ctx.result.requesters, start=1):
        name = recipient_name(requester.name)
        if name is None:
            continue
        node = iri.requester_iri(ctx.key, n)
        ctx.mention(node, requester.line)
        party = ctx.body_node(name, requester.line, ctx.recipient_kind(name))
        yield node, RDF.type, MNPIA.Provision
        yield ctx.assessment, MNPIA.hasRequester, node
        yield from party.triples
        yield node, MNPIA.recipient, party.iri
        for predicate, value in (
            (MNPIA.purpose, requester.purpose),
            (MNPIA.providedInformation, requester.info),
            (MNPIA.legalBasisText, requester.basis_text),
        ):
            if (found := literal(value)) is not None:
                yield node, predicate, found
        yield from citations_to_triples(
            ctx,
            requester.basis,
            ("requester", n - 1),
            owner=node,
            predicate=MNPIA.hasLegalBasis,
            line=requester.line,
        )


def incidents_to_triples(ctx: MappingContext) -> Iterator[Triple]:
    """重大事故 (Ⅲ 7 ⑨, 別紙): each incident with its year, summary, type and 再発防止策."""
    for n, incident in enumerate(ctx.result.incidents, start=1):
        values = (
            (MNPIA.year, literal(incident.year)),
            (MNPIA.summary, literal(incident.summary)),
            (MNPIA.incidentType, literal(incident.type)),
        )
        measures = literal(incident.measures)
        if measures is None and all(value is None for _p, value in values):
            continue
        node = iri.incident_iri(ctx.key, n)
        ctx.mention(node, incident.line)
        yield node, RDF.type, MNPIA.Incident
        yield ctx.assessment, MNPIA.hasIncident, node
        for predicate, value in values:
            if value is not None:
                yield node, predicate, value
        if measures is not None:
            measure = iri.measure_iri(node, 1)
            ctx.mention(measure, incident.line)
            yield measure, RDF.type, MNPIA.Measure
            yield node, MNPIA.hasMeasure, measure
            yield measure, RDFS.comment, measures
