"""rdflib ↔ pyoxigraph term conversions."""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD

from graph.term import graph_to_quads, ox_to_rdflib, quads_to_graph, rdflib_to_ox

TERMS = [
    URIRef("https://w3id.org/mnpia/id/system/千葉市/住民記録システム"),
    BNode("b0"),
    Literal("千葉市"),
    Literal("千葉市", lang="ja"),
    Literal(27),
    Literal(date(2025, 11, 26)),
    Literal(True),
    Literal("2025-11-26T00:00:00+09:00", datatype=XSD.dateTime),
    Literal('quote " brace } newline \n', lang="en"),
]


@pytest.mark.parametrize("term", TERMS, ids=repr)
def test_round_trip(term: URIRef | BNode | Literal) -> None:
    assert ox_to_rdflib(rdflib_to_ox(term)) == term


def test_xsd_string_is_a_plain_literal() -> None:
    assert rdflib_to_ox(Literal("x", datatype=XSD.string)) == ox.Literal("x")
    assert ox_to_rdflib(ox.Literal("x")) == Literal("x")


def test_invalid_iri_is_refused() -> None:
    with pytest.raises(ValueError):
        rdflib_to_ox(URIRef("not an iri"))


def test_non_terms_are_refused() -> None:
    with pytest.raises(TypeError):
        rdflib_to_ox(Variable("x"))
    quoted = ox.Triple(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("o"))
    with pytest.raises(TypeError):
        ox_to_rdflib(quoted)


def test_graph_round_trip() -> None:
    graph = Graph()
    for n, term in enumerate(TERMS):
        if isinstance(term, Literal):
            graph.add((URIRef(f"http://x/s{n}"), URIRef("http://x/p"), term))
    name = ox.NamedNode("http://x/g")
    quads = list(graph_to_quads(graph, name))
    assert {q.graph_name for q in quads} == {name}
    assert set(quads_to_graph(quads)) == set(graph)
