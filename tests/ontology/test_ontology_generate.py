"""The generated files (namespace.py, vocab/lexicon.json) are current and the namespaces closed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

import ontology.generate as generate
from ontology import LEXICON_JSON, ONTOLOGY_TTL, vocabulary_files
from ontology.loader import ontology_graph
from ontology.namespace import DPV, MNPIA


def test_namespace_py_is_current() -> None:
    expected = generate.namespace_source(Graph().parse(ONTOLOGY_TTL, format="turtle"))
    assert generate.NAMESPACE_PY.read_text(encoding="utf-8") == expected


def test_lexicon_json_is_current() -> None:
    assert LEXICON_JSON.read_text(encoding="utf-8") == generate.lexicon_json(vocabulary_files())


def test_check_mode_passes_on_the_committed_files() -> None:
    assert generate.main(["--check"]) == 0


def test_check_mode_reports_a_stale_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "namespace.py"
    stale.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(generate, "generated_files", lambda: {stale: "new\n"})
    assert generate.main(["--check"]) == 1
    assert "stale" in capsys.readouterr().err
    assert stale.read_text(encoding="utf-8") == "old\n"


def test_generation_is_deterministic() -> None:
    assert generate.lexicon_json(vocabulary_files()) == generate.lexicon_json(vocabulary_files())
    graph = Graph().parse(ONTOLOGY_TTL, format="turtle")
    assert generate.namespace_source(graph) == generate.namespace_source(graph)


def test_namespace_py_says_it_is_generated() -> None:
    head = generate.NAMESPACE_PY.read_text(encoding="utf-8").splitlines()[:5]
    assert any("GENERATED" in line for line in head)


def test_mnpia_namespace_is_closed() -> None:
    assert MNPIA.Assessment == URIRef("https://w3id.org/mnpia/ontology#Assessment")
    with pytest.raises(AttributeError):
        _ = MNPIA.Assesment  # a typo must fail, not mint a new IRI
    with pytest.raises(AttributeError):
        _ = DPV.DataSubprocessor


def test_mnpia_namespace_lists_exactly_the_ontology_terms() -> None:
    graph = ontology_graph()
    declared = {
        str(s)
        for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for s in graph.subjects(RDF.type, t)
        if str(s).startswith(generate.MNPIA_NAMESPACE)
    }
    assert {str(term) for term in dir(MNPIA)} == declared


def test_lexicon_json_lists_one_scheme_per_vocabulary_file() -> None:
    document = json.loads(LEXICON_JSON.read_text(encoding="utf-8"))
    assert sorted(document["schemes"]) == [path.stem for path in vocabulary_files()]


def test_a_vocabulary_file_with_two_schemes_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "twice.ttl"
    path.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://example.org/a> a skos:ConceptScheme ; skos:notation 'twice' .\n"
        "<https://example.org/b> a skos:ConceptScheme ; skos:notation 'twice' .\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="exactly one"):
        generate.lexicon_json([path])
