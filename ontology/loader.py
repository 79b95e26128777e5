"""Parse the ontology and the SKOS vocabularies into one rdflib graph.

>>> from ontology.namespace import MNPIA
>>> from rdflib import RDF, OWL
>>> graph = ontology_graph()
>>> (MNPIA.Assessment, RDF.type, OWL.Class) in graph
True
"""

from __future__ import annotations

from rdflib import Graph

from ontology import ONTOLOGY_TTL, vocabulary_files

__all__ = ["ontology_graph"]


def ontology_graph() -> Graph:
    """The ontology (``mnpia.ttl``) and every vocabulary (``vocab/*.ttl``) in a new graph.

    The SHACL shapes are not included: they describe data, they are not part of it.

    Returns:
        A fresh graph the caller may change, with the prefixes of the files bound.
    """
    graph = Graph()
    graph.parse(ONTOLOGY_TTL, format="turtle")
    for path in vocabulary_files():
        graph.parse(path, format="turtle")
    return graph
