"""The graph layer: records → RDF, the embedded store, SHACL validation, provenance.

- :mod:`graph.iri` — the IRI rules of ontology/NAMING.md (the only module that mints IRIs).
- :mod:`graph.mapping` — ``records_to_graph``: one assessment as one named graph.
- :mod:`graph.store` — the on-disk pyoxigraph store with atomic per-assessment replacement.
- :mod:`graph.validation` — SHACL validation against ontology/shapes.ttl.
- :mod:`graph.term` — rdflib ↔ pyoxigraph term conversions.
"""
