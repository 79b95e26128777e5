"""The graph layer: records → RDF, the embedded store, SHACL validation, provenance.

- :mod:`graph.iri` — the IRI rules of ontology/NAMING.md (the only module that mints IRIs).
- :mod:`graph.mapping` — ``records_to_graph``: one assessment as one named graph, by the mappers
  of :mod:`graph.law`, :mod:`graph.file`, :mod:`graph.risk` and :mod:`graph.annex`.
- :mod:`graph.context` — what the mappers share; names resolved to nodes in one place.
- :mod:`graph.entity` — entity resolution: canonical names of organisations, closed word lists.
- :mod:`graph.store` — the on-disk pyoxigraph store with atomic per-assessment replacement.
- :mod:`graph.validation` — SHACL validation against ontology/shapes.ttl.
- :mod:`graph.term` — rdflib ↔ pyoxigraph term conversions.
"""
