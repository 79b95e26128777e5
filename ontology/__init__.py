"""The mnpia ontology package: TTL data (OWL ontology, SKOS vocabularies, SHACL shapes) and paths.

This module only knows where the files are; it imports no RDF library, so the ingest layer may
import it. Parse the files with :func:`ontology.loader.ontology_graph`, look labels up with
:mod:`ontology.lexicon`, and write IRIs with the closed namespaces of :mod:`ontology.namespace`.

>>> ONTOLOGY_TTL.name, SHAPES_TTL.name
('mnpia.ttl', 'shapes.ttl')
>>> [path.stem for path in vocabulary_files()][:3]
['connection-kinds', 'document-kinds', 'handling-stages']
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

__all__ = [
    "LEXICON_JSON",
    "ONTOLOGY_DIR",
    "ONTOLOGY_TTL",
    "SHAPES_TTL",
    "VOCAB_DIR",
    "vocabulary_files",
]

ONTOLOGY_DIR: Final = Path(__file__).resolve().parent
"""The folder of this package (the TTL files live next to the code)."""
ONTOLOGY_TTL: Final = ONTOLOGY_DIR / "mnpia.ttl"
"""The OWL ontology: classes and properties under ``https://w3id.org/mnpia/ontology#``."""
SHAPES_TTL: Final = ONTOLOGY_DIR / "shapes.ttl"
"""The SHACL shapes that instance data must satisfy."""
VOCAB_DIR: Final = ONTOLOGY_DIR / "vocab"
"""The SKOS vocabularies, one ``skos:ConceptScheme`` per ``*.ttl`` file."""
LEXICON_JSON: Final = VOCAB_DIR / "lexicon.json"
"""The labels of the vocabularies as plain JSON, generated from ``vocab/*.ttl``."""


def vocabulary_files() -> list[Path]:
    """The SKOS vocabulary files (``vocab/*.ttl``), sorted by name.

    Returns:
        The paths, sorted so that every caller parses them in the same order.
    """
    return sorted(VOCAB_DIR.glob("*.ttl"))
