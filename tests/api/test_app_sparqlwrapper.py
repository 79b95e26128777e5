"""SPARQLWrapper, the Python client analysts use, against ``/sparql`` of the real server: every
result format of SELECT and ASK, and every graph format of CONSTRUCT."""

from __future__ import annotations

import csv
import io
from xml.dom.minidom import Document

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from SPARQLWrapper import CSV, GET, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

SELECT = (
    "PREFIX mnpia: <https://w3id.org/mnpia/ontology#> "
    "SELECT ?a ?n WHERE { ?a a mnpia:Assessment ; mnpia:assessmentNumber ?n } ORDER BY ?n"
)
ASK = "PREFIX mnpia: <https://w3id.org/mnpia/ontology#> ASK { ?a a mnpia:Assessment }"
CONSTRUCT = (
    "PREFIX mnpia: <https://w3id.org/mnpia/ontology#> "
    "CONSTRUCT { ?a mnpia:assessmentNumber ?n } WHERE { ?a mnpia:assessmentNumber ?n }"
)
NUMBERS = ["2", "27", "4", "45"]


@pytest.fixture(scope="module")
def endpoint(shared_server: str) -> str:
    return shared_server + "/sparql"


def client(endpoint: str, query: str, fmt: str, method: str = GET) -> SPARQLWrapper:
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    sparql.setTimeout(60)
    return sparql


@pytest.mark.parametrize("method", [GET, POST])
def test_select_as_json(endpoint: str, method: str) -> None:
    result = client(endpoint, SELECT, JSON, method).queryAndConvert()
    assert isinstance(result, dict)
    assert result["head"]["vars"] == ["a", "n"]
    assert [b["n"]["value"] for b in result["results"]["bindings"]] == NUMBERS


def test_select_as_xml(endpoint: str) -> None:
    result = client(endpoint, SELECT, XML).queryAndConvert()
    assert isinstance(result, Document)
    literals = [node.firstChild.data for node in result.getElementsByTagName("literal")]
    assert literals == NUMBERS


@pytest.mark.parametrize(("fmt", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_select_as_csv_and_tsv(endpoint: str, fmt: str, delimiter: str) -> None:
    query = client(endpoint, SELECT, fmt).query()
    media = {CSV: "text/csv", TSV: "text/tab-separated-values"}[fmt]
    assert query.info()["content-type"].startswith(media)
    body = query.convert()
    assert isinstance(body, bytes)
    rows = list(csv.reader(io.StringIO(body.decode()), delimiter=delimiter))
    assert rows[0] in (["a", "n"], ["?a", "?n"])
    assert [row[1].strip('"') for row in rows[1:]] == NUMBERS


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_ask_in_every_format(endpoint: str, fmt: str) -> None:
    result = client(endpoint, ASK, fmt).queryAndConvert()
    if fmt == JSON:
        assert result == {"head": {}, "boolean": True}
    elif fmt == XML:
        assert isinstance(result, Document)
        assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert isinstance(result, bytes)
        assert b"true" in result


def test_construct_as_turtle(endpoint: str) -> None:
    query = client(endpoint, CONSTRUCT, TURTLE).query()
    assert query.info()["content-type"].startswith("text/turtle")
    body = query.convert()
    assert isinstance(body, bytes)
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    assert sorted(t.object.value for t in triples) == NUMBERS


def test_construct_as_ntriples(endpoint: str) -> None:
    sparql = client(endpoint, CONSTRUCT, TURTLE)
    sparql.setOnlyConneg(True)
    sparql.addCustomHttpHeader("Accept", "application/n-triples")
    query = sparql.query()
    assert query.info()["content-type"].startswith("application/n-triples")
    body = query.convert()
    assert isinstance(body, bytes)
    triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    assert sorted(t.object.value for t in triples) == NUMBERS


def test_construct_as_jsonld(endpoint: str) -> None:
    query = client(endpoint, CONSTRUCT, JSONLD).query()
    assert query.info()["content-type"].startswith("application/ld+json")
    graph = query.convert()
    assert isinstance(graph, Graph)
    numbers = sorted(str(o) for o in graph.objects() if isinstance(o, Literal))
    assert numbers == NUMBERS


def test_a_malformed_query_is_reported_as_such(endpoint: str) -> None:
    with pytest.raises(QueryBadFormed, match="malformed-query"):
        client(endpoint, "SELECT ?s WHERE { ?s ?p", JSON).query()
