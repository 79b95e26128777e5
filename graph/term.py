"""Conversions between rdflib terms and pyoxigraph terms: the only place that does them.

rdflib is the mapping side (graphs built in memory, SHACL, comparison); pyoxigraph is the
store side. A plain rdflib literal and an ``xsd:string`` literal are the same RDF term, so
both become a pyoxigraph string literal, and a string literal comes back plain.

>>> from rdflib import Literal, URIRef
>>> term = rdflib_to_ox(Literal("千葉市"))
>>> term
<Literal value=千葉市 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>
>>> ox_to_rdflib(term) == Literal("千葉市")
True
>>> ox_to_rdflib(rdflib_to_ox(Literal(3)))
rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final, TypeAlias

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

OxTerm: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
"""A pyoxigraph term that can stand in a triple (and be bound to a query variable)."""
OxSubject: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Triple
OxGraphName: TypeAlias = ox.NamedNode | ox.BlankNode | ox.DefaultGraph

_XSD_STRING: Final = str(XSD.string)
_RDF_LANG_STRING: Final = str(RDF.langString)


def rdflib_to_ox(term: Node) -> OxTerm:
    """The pyoxigraph term of an rdflib IRI, blank node or literal.

    Raises:
        TypeError: for rdflib nodes that are not RDF terms (variables, graphs, paths).
        ValueError: when pyoxigraph rejects the term (an IRI that is not valid).
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language is not None:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is None or str(term.datatype) == _XSD_STRING:
            return ox.Literal(str(term))
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    msg = f"not an RDF term: {term!r}"
    raise TypeError(msg)


def ox_to_rdflib(term: OxTerm | ox.DefaultGraph) -> Node:
    """The rdflib term of a pyoxigraph IRI, blank node or literal.

    Raises:
        TypeError: for RDF-star quoted triples and the default graph, which rdflib graphs lack.
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language is not None:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _RDF_LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    msg = f"no rdflib term for {term!r}"
    raise TypeError(msg)


def subject_to_ox(term: Node) -> OxSubject:
    """:func:`rdflib_to_ox` for a subject position (an IRI or a blank node)."""
    converted = rdflib_to_ox(term)
    if isinstance(converted, ox.Literal):
        msg = f"a literal cannot be a subject: {term!r}"
        raise TypeError(msg)
    return converted


def predicate_to_ox(term: Node) -> ox.NamedNode:
    """:func:`rdflib_to_ox` for a predicate position (an IRI)."""
    converted = rdflib_to_ox(term)
    if not isinstance(converted, ox.NamedNode):
        msg = f"a predicate must be an IRI: {term!r}"
        raise TypeError(msg)
    return converted


def graph_to_quads(graph: Graph, graph_name: OxGraphName) -> Iterator[ox.Quad]:
    """The triples of an rdflib graph as pyoxigraph quads in ``graph_name`` (lazily)."""
    for s, p, o in graph:
        yield ox.Quad(subject_to_ox(s), predicate_to_ox(p), rdflib_to_ox(o), graph_name)


def quads_to_graph(quads: Iterable[ox.Quad], graph: Graph | None = None) -> Graph:
    """Add the triples of pyoxigraph quads (their graph name dropped) to an rdflib graph."""
    target = Graph() if graph is None else graph
    for quad in quads:
        target.add(
            (ox_to_rdflib(quad.subject), ox_to_rdflib(quad.predicate), ox_to_rdflib(quad.object))
        )
    return target
