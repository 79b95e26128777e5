"""The SKOS vocabularies (ontology/vocab/*.ttl) are data with tests: keys, labels, counts, laws."""

from __future__ import annotations

import re
from typing import Final

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ontology import vocabulary_files
from ontology.lexicon import label_key
from ontology.loader import ontology_graph
from ontology.namespace import MNPIA

VOCAB: Final = "https://w3id.org/mnpia/vocab/"
E_GOV: Final = "https://laws.e-gov.go.jp/law/"

# Pinned sizes: a change to a vocabulary must change this table on purpose.
CONCEPT_COUNTS: Final = {
    "connection-kinds": 7,
    "document-kinds": 3,
    "handling-stages": 6,
    "laws": 30,
    "methods": 8,
    "national-systems": 15,
    "risk-ratings": 3,
    "source-categories": 6,
}
CONCEPT_TYPES: Final = {
    "connection-kinds": MNPIA.ConnectionKind,
    "document-kinds": MNPIA.DocumentKind,
    "handling-stages": MNPIA.HandlingStage,
    "laws": MNPIA.Law,
    "methods": MNPIA.TransferMethod,
    "national-systems": MNPIA.NationalSystem,
    "risk-ratings": MNPIA.Rating,
    "source-categories": MNPIA.SourceCategory,
}
# Laws whose e-Gov 法令ID could not be verified: they carry no lawId on purpose.
LAWS_WITHOUT_ID: Final = {
    "bango-ho-19-8-meirei",
    "bango-ho-beppyo-meirei",
    "kokumin-nenkin-ho-shikorei",
}
# e-Gov 法令ID: 法律 (AC) and 政令 (CO) are era digit + year + type + 10-digit number;
# 府省令 are era digit + year + "M" + an 8-character issuer code + a 3-digit number.
LAW_ID: Final = re.compile(r"^\d{3}(?:[A-Z]{2}\d{10}|M\d[0-9A-Z]{7}\d{3})$")
SLUG: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SCHEMES: Final = sorted(CONCEPT_COUNTS)


def _graph(scheme: str) -> Graph:
    paths = [p for p in vocabulary_files() if p.stem == scheme]
    assert len(paths) == 1, scheme
    return Graph().parse(paths[0], format="turtle")


def _concepts(graph: Graph, scheme: str) -> list[URIRef]:
    scheme_iri = URIRef(VOCAB + scheme)
    return sorted(c for c in graph.subjects(SKOS.inScheme, scheme_iri) if isinstance(c, URIRef))


def _literals(graph: Graph, subject: URIRef, predicate: URIRef) -> list[Literal]:
    return [o for o in graph.objects(subject, predicate) if isinstance(o, Literal)]


def test_the_vocabulary_files_are_the_pinned_schemes() -> None:
    assert [p.stem for p in vocabulary_files()] == SCHEMES


@pytest.mark.parametrize("scheme", SCHEMES)
def test_one_concept_scheme_per_file(scheme: str) -> None:
    graph = _graph(scheme)
    assert list(graph.subjects(RDF.type, SKOS.ConceptScheme)) == [URIRef(VOCAB + scheme)]
    langs = {o.language for o in _literals(graph, URIRef(VOCAB + scheme), SKOS.prefLabel)}
    assert langs == {"ja", "en"}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_pinned_concept_count(scheme: str) -> None:
    graph = _graph(scheme)
    assert len(_concepts(graph, scheme)) == CONCEPT_COUNTS[scheme]
    assert len(set(graph.subjects(RDF.type, SKOS.Concept))) == CONCEPT_COUNTS[scheme]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_concepts_have_typed_iris_unique_notations_and_labels(scheme: str) -> None:
    graph = _graph(scheme)
    notations: list[str] = []
    for concept in _concepts(graph, scheme):
        notation = [str(o) for o in _literals(graph, concept, SKOS.notation)]
        assert len(notation) == 1, concept
        assert SLUG.match(notation[0]), notation
        assert str(concept) == f"{VOCAB}{scheme}/{notation[0]}"
        notations.append(notation[0])
        assert (concept, RDF.type, SKOS.Concept) in graph
        assert (concept, RDF.type, CONCEPT_TYPES[scheme]) in graph
        pref = sorted(str(o.language) for o in _literals(graph, concept, SKOS.prefLabel))
        assert pref == ["en", "ja"], concept
        assert graph.value(concept, SKOS.definition) is not None, concept
    assert len(notations) == len(set(notations))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_label_names_exactly_one_concept_of_its_scheme(scheme: str) -> None:
    graph = _graph(scheme)
    owner: dict[str, URIRef] = {}
    for concept in _concepts(graph, scheme):
        for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for label in _literals(graph, concept, predicate):
                for key in (str(label), label_key(str(label))):
                    assert owner.setdefault(key, concept) == concept, (scheme, str(label))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_top_concepts_are_the_concepts_without_broader(scheme: str) -> None:
    graph = _graph(scheme)
    scheme_iri = URIRef(VOCAB + scheme)
    for concept in _concepts(graph, scheme):
        has_broader = graph.value(concept, SKOS.broader) is not None
        assert ((scheme_iri, SKOS.hasTopConcept, concept) in graph) is not has_broader
        assert ((concept, SKOS.topConceptOf, scheme_iri) in graph) is not has_broader


def test_links_between_concepts_resolve() -> None:
    graph = ontology_graph()
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    for predicate in (SKOS.broader, SKOS.related, SKOS.exactMatch):
        for subject, target in graph.subject_objects(predicate):
            assert target in concepts, (subject, predicate, target)


def test_connection_kinds_say_whether_they_are_national() -> None:
    graph = ontology_graph()
    national_systems = set(_concepts(graph, "national-systems"))
    for kind in _concepts(graph, "connection-kinds"):
        national = graph.value(kind, MNPIA.national)
        assert isinstance(national, Literal), kind
        matches = list(graph.objects(kind, SKOS.exactMatch))
        if national.toPython() is True:
            assert len(matches) == 1, kind
            assert matches[0] in national_systems
        else:
            assert matches == [], kind


def test_national_connection_kinds_are_the_two_national_checkboxes() -> None:
    graph = _graph("connection-kinds")
    national = {
        str(graph.value(k, SKOS.notation))
        for k in _concepts(graph, "connection-kinds")
        if graph.value(k, MNPIA.national) == Literal(True)
    }
    assert national == {"johoteikyo-network", "juki-net"}


# --------------------------------------------------------------------------------- laws

_KANJI_DIGITS: Final = dict(zip("〇一二三四五六七八九", range(10), strict=True))
_KANJI_UNITS: Final = {"十": 10, "百": 100, "千": 1000}
_ERAS: Final = {"明治": 1, "大正": 2, "昭和": 3, "平成": 4, "令和": 5}
_TYPES: Final = {"法律": "AC", "政令": "CO"}
_LAW_NUMBER: Final = re.compile(r"^(明治|大正|昭和|平成|令和)(\S+?)年(法律|政令)第(\S+?)号$")


def kanji_number(text: str) -> int:
    """二百二十六 → 226 (the numerals of 法令番号)."""
    total, digit = 0, 0
    for char in text:
        if char in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[char]
        else:
            total += (digit or 1) * _KANJI_UNITS[char]
            digit = 0
    return total + digit


def law_number_to_id(number: str) -> str | None:
    """The e-Gov 法令ID of a 法律 or 政令 from its 法令番号; ``None`` for other kinds."""
    match = _LAW_NUMBER.match(number)
    if match is None:
        return None
    era, year, kind, serial = match.groups()
    year_no = 1 if year == "元" else kanji_number(year)
    return f"{_ERAS[era]}{year_no:02d}{_TYPES[kind]}{kanji_number(serial):010d}"


def test_kanji_law_numbers() -> None:
    assert law_number_to_id("平成二十五年法律第二十七号") == "425AC0000000027"
    assert law_number_to_id("昭和二十五年法律第二百二十六号") == "325AC0000000226"
    assert law_number_to_id("平成二十六年政令第百五十五号") == "426CO0000000155"
    assert law_number_to_id("平成二十六年内閣府・総務省令第三号") is None


def test_every_law_has_an_e_gov_id_and_source_or_says_why_not() -> None:
    graph = _graph("laws")
    without_id: set[str] = set()
    ids: list[str] = []
    for law in _concepts(graph, "laws"):
        key = str(graph.value(law, SKOS.notation))
        law_ids = [str(o) for o in _literals(graph, law, MNPIA.lawId)]
        sources = list(graph.objects(law, DCTERMS.source))
        if not law_ids:
            without_id.add(key)
            assert sources == [], key
            comment = graph.value(law, RDFS.comment)
            assert comment is not None, key
            assert "not verified" in str(comment), key
            continue
        assert len(law_ids) == 1, key
        assert LAW_ID.match(law_ids[0]), (key, law_ids[0])
        assert sources == [URIRef(E_GOV + law_ids[0])], key
        ids.append(law_ids[0])
    assert without_id == LAWS_WITHOUT_ID
    assert len(ids) == len(set(ids))


def test_law_ids_agree_with_law_numbers() -> None:
    graph = _graph("laws")
    checked = 0
    for law in _concepts(graph, "laws"):
        law_id = graph.value(law, MNPIA.lawId)
        number = graph.value(law, MNPIA.lawNumber)
        if law_id is None or number is None:
            continue
        derived = law_number_to_id(str(number))
        if derived is not None:
            assert derived == str(law_id), (str(number), str(law_id))
            checked += 1
    assert checked >= 25


def test_the_known_law_ids() -> None:
    graph = _graph("laws")
    ids = {str(o) for law in _concepts(graph, "laws") for o in graph.objects(law, MNPIA.lawId)}
    assert {
        "425AC0000000027", "342AC0000000081", "325AC0000000226", "415AC0000000057",
        "322AC0000000067", "334AC0000000141", "414AC0000000103", "334AC0000000147",
        "426CO0000000155",
    } <= ids  # fmt: skip


def test_the_abbreviations_assessments_use() -> None:
    graph = _graph("laws")
    alt = {str(o) for o in graph.objects(None, SKOS.altLabel)}
    for abbreviation in (
        "番号法",
        "住基法",
        "主務省令",
        "番号法施行令",
        "番号法施行規則",
        "個人情報保護法",
    ):
        assert abbreviation in alt, abbreviation
