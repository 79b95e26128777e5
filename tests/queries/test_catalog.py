"""The named-query catalog: headers, parameter binding, and injection safety."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from ontology.namespace import MNPIA
from queries.catalog import (
    NamedQuery,
    QueryError,
    QueryParam,
    bind_params,
    bound_text,
    load_query,
    named_queries,
    text_to_named_query,
    value_to_term,
)

QUERY = text_to_named_query(
    "things",
    """# Things with a label.
#
# param thing: iri, optional — one thing
# param label: string — a label
# param n: integer, optional — a number
# columns: thing, label
SELECT ?thing ?label WHERE { ?thing <http://www.w3.org/2000/01/rdf-schema#label> ?label }
""",
)


def test_every_named_query_has_a_complete_header() -> None:
    assert named_queries(), "queries/ holds no .rq file"
    for query in named_queries().values():
        assert query.description, query.name
        assert query.columns, query.name
        assert query.example, query.name
        assert query.example.startswith("mnpia query"), query.name
        select = re.search(r"SELECT\s+(?:DISTINCT\s+)?(.*?)\s*WHERE", query.text, re.S | re.I)
        assert select, query.name
        projected = tuple(re.findall(r"\?(\w+)(?=\s|\)|$)", select.group(1).split("WHERE")[0]))
        # Columns are the projected variables (an aggregate's "AS ?x" counts as its x).
        assert set(query.columns) <= set(projected), (query.name, query.columns, projected)
        for param in query.params:
            assert f"?{param.name}" in query.text, (query.name, param.name)


def test_named_queries_use_only_terms_the_ontology_defines() -> None:
    defined = {str(term) for term in dir(MNPIA)}
    for query in named_queries().values():
        for local in re.findall(r"\bmnpia:([A-Za-z_]\w*)", query.text):
            assert str(MNPIA._NS[local]) in defined, f"{query.name}.rq uses undefined mnpia:{local}"


def test_named_queries_parse_in_oxigraph_with_and_without_parameters() -> None:
    store = ox.Store()
    for query in named_queries().values():
        store.query(query.text, use_default_graph_as_union=True)
        samples = {"iri": "http://example.org/x", "string": "x", "integer": "2"}
        bindings = bind_params(query, {p.name: samples[p.kind] for p in query.params})
        store.query(bound_text(query, bindings), use_default_graph_as_union=True)


def test_hostile_iri_parameter_is_rejected_before_any_query() -> None:
    for hostile in ["http://x/> } ; DROP ALL #", "http://x/\nSERVICE <http://y>"]:
        with pytest.raises(QueryError):
            bind_params(QUERY, {"label": "a", "thing": hostile})


def test_unknown_query_names_the_known_ones() -> None:
    with pytest.raises(QueryError, match="known queries"):
        load_query("no_such_query")


def test_header_is_read() -> None:
    assert QUERY.description == "Things with a label."
    assert [p.name for p in QUERY.params] == ["thing", "label", "n"]
    assert [p.optional for p in QUERY.params] == [True, False, True]
    assert QUERY.columns == ("thing", "label")


def test_required_parameter_is_enforced() -> None:
    with pytest.raises(QueryError, match="needs parameter"):
        bind_params(QUERY, {})


def test_unknown_parameter_is_rejected() -> None:
    with pytest.raises(QueryError, match="has no parameter 'x'"):
        bind_params(QUERY, {"label": "a", "x": "1"})


@pytest.mark.parametrize(
    "value",
    ["not an iri", "http://x/a b", "http://x/>} ; DROP ALL #", "<http://x>", ""],
)
def test_iri_parameter_rejects_what_is_not_an_iri(value: str) -> None:
    with pytest.raises(QueryError, match="absolute IRI"):
        value_to_term(QueryParam(name="thing", kind="iri", optional=True, doc=""), value)


@pytest.mark.parametrize("value", ["1.5", "1; DROP", "", "one"])
def test_integer_parameter_rejects_non_integers(value: str) -> None:
    with pytest.raises(QueryError, match="integer"):
        value_to_term(QueryParam(name="n", kind="integer", optional=True, doc=""), value)


HOSTILE = [
    '" } ; DROP ALL #',
    "a' . ?s ?p ?o #",
    "}\nSERVICE <http://example.org/sparql> { ?s ?p ?o }",
    "# comment",
    "\\u0022 escape",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_string_parameters_are_matched_literally(hostile: str) -> None:
    store = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.add(ox.Quad(ox.NamedNode("http://x/evil"), label, ox.Literal(hostile)))
    store.add(ox.Quad(ox.NamedNode("http://x/plain"), label, ox.Literal("plain")))
    text = bound_text(QUERY, bind_params(QUERY, {"label": hostile}))
    rows = list(store.query(text))
    assert [r["thing"].value for r in rows] == ["http://x/evil"]
    assert len(store) == 2  # nothing was dropped or added


def test_named_query_type_is_frozen() -> None:
    with pytest.raises(AttributeError):
        QUERY.name = "other"  # type: ignore[misc]
    assert isinstance(QUERY, NamedQuery)
