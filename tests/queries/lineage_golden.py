"""The hand-made golden dataset of the lineage tests, loaded into a real on-disk store.

``tests/data/lineage/golden.trig`` holds three assessment graphs written by hand (see the README
next to it). :func:`build_golden_store` writes them through the public store API
(:meth:`graph.store.Store.replace_document`, one named graph each) after loading the real ontology
and vocabularies, so queries see what they would see after ``mnpia ingest``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pyoxigraph as ox
from rdflib import Graph, URIRef

from graph.mapping import DocumentGraph
from graph.store import open_store
from graph.term import quads_to_graph

GOLDEN_TRIG: Final = Path(__file__).resolve().parents[1] / "data" / "lineage" / "golden.trig"

ID: Final = "https://w3id.org/mnpia/id/"
NS: Final = "https://w3id.org/mnpia/vocab/national-systems/"
GRAPH_BASE: Final = "https://w3id.org/mnpia/graph/assessment/"


def iri(path: str) -> str:
    """An instance IRI of the golden data, e.g. ``iri("system/みなと市/住民記録システム")``."""
    return ID + path


# The nodes the tests talk about, by short name (see README.md for the picture).
A1: Final = iri("assessment/みなと市/1")
A2: Final = iri("assessment/みなと市/2")
A3: Final = iri("assessment/やまなみ町/1")
P1: Final = iri("process/みなと市/1")
P2: Final = iri("process/みなと市/2")
P3: Final = iri("process/やまなみ町/1")
F11: Final = iri("assessment/みなと市/1/file/1")
F21: Final = iri("assessment/みなと市/2/file/1")
F31: Final = iri("assessment/やまなみ町/1/file/1")
MJ: Final = iri("system/みなと市/住民記録システム")
MA: Final = iri("system/みなと市/統合宛名システム")
MZ: Final = iri("system/みなと市/税務システム")
YZ: Final = iri("system/やまなみ町/税務システム")
YA: Final = iri("system/やまなみ町/宛名システム")
CH: Final = NS + "chukan-server-platform"
JN: Final = NS + "juki-net"
EL: Final = NS + "eltax"
GC: Final = NS + "government-cloud"
ABC: Final = iri("organisation/ABCシステムズ株式会社")
DATA: Final = iri("organisation/株式会社データ入力センター")
MIRAI: Final = iri("organisation/みらいデータサービス株式会社")
SAKURA: Final = iri("organisation/さくらソフト株式会社")
NENKIN: Final = iri("organisation/日本年金機構")
JLIS: Final = iri("organisation/地方公共団体情報システム機構")
KOKUZEI: Final = iri("organisation/国税庁")
SHIMINZEI: Final = iri("organisation/みなと市/市民税課")
FUKUSHI: Final = iri("organisation/やまなみ町/福祉課")
PREF: Final = iri("organisation/都道府県知事")
DATA_SUBJECT: Final = "https://w3id.org/mnpia/vocab/source-categories/data-subject"
INTERNAL_DEPT: Final = "https://w3id.org/mnpia/vocab/source-categories/internal-department"
S11: Final = iri("assessment/みなと市/1/step/1")
S12: Final = iri("assessment/みなと市/1/step/2")
S21: Final = iri("assessment/みなと市/2/step/1")
S31: Final = iri("assessment/やまなみ町/1/step/1")
BANGO: Final = iri("law/425AC0000000027")
ITEM_19_8: Final = BANGO + "/article/19/item/8"
ROW_48: Final = iri("law/bango-ho-19-8-meirei/article/2/table/row/48")
ROW_49: Final = iri("law/bango-ho-19-8-meirei/article/2/table/row/49")


def golden_documents(path: Path = GOLDEN_TRIG) -> list[DocumentGraph]:
    """The named graphs of the golden TriG as documents the store can write."""
    by_graph: dict[str, list[ox.Quad]] = {}
    for quad in ox.parse(path=path, format=ox.RdfFormat.TRIG):
        if isinstance(quad.graph_name, ox.NamedNode):
            by_graph.setdefault(quad.graph_name.value, []).append(quad)
    documents: list[DocumentGraph] = []
    for name, quads in sorted(by_graph.items()):
        key = name.removeprefix(GRAPH_BASE)
        graph = quads_to_graph(quads, Graph(identifier=URIRef(name)))
        documents.append(
            DocumentGraph(
                assessment=URIRef(ID + "assessment/" + key), graph_name=URIRef(name), graph=graph
            )
        )
    return documents


def build_golden_store(path: Path) -> Path:
    """Write the ontology and the golden graphs into a new store at ``path``; close it."""
    with open_store(path) as store:
        store.ensure_ontology()
        for document in golden_documents():
            store.replace_document(document)
    return path
