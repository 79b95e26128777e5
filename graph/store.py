"""The embedded store: one pyoxigraph (RocksDB) database on disk, one named graph per assessment.

Writes are atomic. :meth:`Store.replace_document` writes a new assessment with one transactional
``extend`` into its graph; an assessment the store already holds is replaced by staging the new
triples in a fresh graph with one transactional ``extend`` and swapping them in with one
transactional SPARQL ``MOVE``; if either
step fails the staging graph is dropped and the assessment's graph is as it was (a staging graph
left by a crash between the two steps is dropped the next time the store is opened for writing).
Readers never see a half-written graph.

Queries run with the union of all named graphs as their default graph; values are bound through
pyoxigraph ``substitutions`` (SEP-0007), never pasted into the query text.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "store") as store:
...     store.triple_count()
0
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO, Final, Literal, TypeAlias

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS
from rdflib.term import Node

from graph import iri
from graph.errors import StoreError
from graph.mapping import PREFIXES
from graph.term import OxTerm, graph_to_quads, ox_to_rdflib, quads_to_graph, rdflib_to_ox
from ontology import ONTOLOGY_DIR, ONTOLOGY_TTL, vocabulary_files
from ontology.namespace import MNPIA

if TYPE_CHECKING:
    from graph.mapping import DocumentGraph

ExportFormat: TypeAlias = Literal["trig", "nquads", "turtle"]
SubstitutionValue: TypeAlias = Node | OxTerm
"""A value bound to a query variable: an rdflib term or a pyoxigraph term."""
Substitutions: TypeAlias = Mapping[str, SubstitutionValue] | Mapping[ox.Variable, SubstitutionValue]
QueryResult: TypeAlias = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

_FORMATS: Final[dict[str, ox.RdfFormat]] = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
}
_ASSESSMENT_GRAPH_BASE: Final = str(iri.assessment_graph_iri(""))
_VARIABLE: Final = re.compile(r"[?$]?([A-Za-z_][A-Za-z0-9_]*)")
_ONTOLOGY_HASH_PREFIX: Final = "sha256:"


class QuerySyntaxError(StoreError, SyntaxError):
    """A SPARQL query the store cannot parse (also a :class:`SyntaxError`)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentInfo:
    """One assessment held by the store, as :meth:`Store.documents` lists it."""

    assessment: URIRef
    graph_name: URIRef
    title: str | None
    municipality: str | None
    number: str | None
    status: str | None
    """Extraction status: ``success``, ``partial`` or ``failure``."""
    triples: int
    source: str | None
    """File name of the source text."""


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__


def _named(term: URIRef | str) -> ox.NamedNode:
    try:
        return ox.NamedNode(str(term))
    except ValueError as error:
        msg = f"not a valid IRI: {str(term)!r} ({_one_line(error)})"
        raise StoreError(msg) from error


def ontology_files() -> list[Path]:
    """The TTL files of the ontology graph: ``mnpia.ttl`` then ``vocab/*.ttl`` (sorted)."""
    return [ONTOLOGY_TTL, *vocabulary_files()]


def _files_hash(files: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


class Store:
    """An opened store. Use :func:`open_store`; close it (or use ``with``) to release the lock."""

    def __init__(self, inner: ox.Store, *, path: Path, read_only: bool) -> None:
        self._inner: ox.Store | None = inner
        self._path = path
        self._read_only = read_only
        self._staging: set[ox.NamedNode] = set()

    # -- life cycle -------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        """The folder of the database."""
        return self._path

    @property
    def read_only(self) -> bool:
        """Whether the store was opened read-only."""
        return self._read_only

    def close(self) -> None:
        """Flush and release the database (its lock goes with the last reference)."""
        inner, self._inner = self._inner, None
        if inner is not None and not self._read_only:
            try:
                inner.flush()
            except OSError as error:
                msg = f"{self._path}: cannot flush the store ({_one_line(error)})"
                raise StoreError(msg) from error

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def _db(self) -> ox.Store:
        if self._inner is None:
            msg = f"{self._path}: the store is closed"
            raise StoreError(msg)
        return self._inner

    def _writable(self) -> ox.Store:
        db = self._db
        if self._read_only:
            msg = f"{self._path}: the store is opened read-only"
            raise StoreError(msg)
        return db

    # -- writing ----------------------------------------------------------------------------

    def _document_quads(self, doc: DocumentGraph, staging: ox.NamedNode) -> Iterator[ox.Quad]:
        """The quads of ``doc`` in the staging graph (a seam for failure-injection tests)."""
        return graph_to_quads(doc.graph, staging)

    def _swap_in(self, staging: ox.NamedNode, target: ox.NamedNode) -> None:
        """Replace ``target`` by ``staging`` in one transaction (a seam for tests)."""
        self._writable().update(f"MOVE {staging} TO {target}")

    def _drop_staging(self, staging: ox.NamedNode) -> None:
        try:
            self._writable().update(f"DROP SILENT GRAPH {staging}")
        except OSError:
            pass  # dropped the next time the store is opened for writing
        finally:
            self._staging.discard(staging)

    def _replace_graph(
        self, target: ox.NamedNode, quads: Iterator[ox.Quad], staging: ox.NamedNode
    ) -> None:
        """Stage ``quads`` (in ``staging``), then swap them in as ``target``: two transactions."""
        db = self._writable()
        self._staging.add(staging)
        try:
            db.extend(quads)
            if not db.contains_named_graph(staging):
                msg = f"nothing to write into {target.value}: the graph is empty"
                raise StoreError(msg)
            self._swap_in(staging, target)
        except StoreError:
            self._drop_staging(staging)
            raise
        except (OSError, ValueError, TypeError, RuntimeError, SyntaxError) as error:
            self._drop_staging(staging)
            msg = f"{self._path}: could not write {target.value}: {_one_line(error)}"
            raise StoreError(msg) from error
        except BaseException:
            self._drop_staging(staging)
            raise
        self._staging.discard(staging)

    def replace_document(self, doc: DocumentGraph) -> int:
        """Write ``doc`` as its named graph, replacing what that graph held. Atomic.

        Returns:
            The number of triples written.

        Raises:
            StoreError: when the graph cannot be written; the store is then unchanged.
        """
        target = _named(doc.graph_name)
        if not target.value.startswith(_ASSESSMENT_GRAPH_BASE):
            msg = f"not an assessment graph name: {target.value}"
            raise StoreError(msg)
        db = self._writable()
        if not db.contains_named_graph(target):
            # A new assessment: one transactional extend straight into its graph (all or nothing),
            # half the work of staging and moving.
            self._write_new(target, self._document_quads(doc, target))
            return len(doc.graph)
        staging = _named(iri.staging_graph_iri(uuid.uuid4().hex))
        self._replace_graph(target, self._document_quads(doc, staging), staging)
        return len(doc.graph)

    def _write_new(self, target: ox.NamedNode, quads: Iterator[ox.Quad]) -> None:
        """Write a graph the store does not hold yet, in one transaction."""
        db = self._writable()
        try:
            db.extend(quads)
        except (OSError, ValueError, TypeError, RuntimeError, SyntaxError) as error:
            msg = f"{self._path}: could not write {target.value}: {_one_line(error)}"
            raise StoreError(msg) from error
        if not db.contains_named_graph(target):
            msg = f"nothing to write into {target.value}: the graph is empty"
            raise StoreError(msg)

    def remove_document(self, ref: URIRef | str) -> int:
        """Remove an assessment, named by its IRI or its graph name. Atomic.

        Returns:
            The number of triples removed (0 when the store did not hold it).
        """
        graph_name = self._graph_of(ref)
        if graph_name is None:
            return 0
        count = self.triple_count(graph_name)
        try:
            self._writable().update(f"DROP SILENT GRAPH {_named(graph_name)}")
        except OSError as error:
            msg = f"{self._path}: could not remove {graph_name}: {_one_line(error)}"
            raise StoreError(msg) from error
        return count

    def _graph_of(self, ref: URIRef | str) -> URIRef | None:
        text = str(ref)
        if text.startswith(_ASSESSMENT_GRAPH_BASE):
            name = URIRef(text)
        else:
            key = iri.assessment_iri_to_key(text)
            if key is None:
                msg = f"not an assessment IRI or graph name: {text}"
                raise StoreError(msg)
            name = iri.assessment_graph_iri(key)
        return name if self._db.contains_named_graph(_named(name)) else None

    def ensure_ontology(self) -> bool:
        """Load the ontology and vocabularies into their graph unless it is already current.

        The graph is replaced (atomically) when the content hash of the TTL files changed.

        Returns:
            True when the graph was (re)loaded.
        """
        files = ontology_files()
        try:
            digest = _ONTOLOGY_HASH_PREFIX + _files_hash(files, ONTOLOGY_DIR)
        except OSError as error:
            msg = f"cannot read the ontology files ({_one_line(error)})"
            raise StoreError(msg) from error
        target = _named(iri.ONTOLOGY_GRAPH)
        marker = (target, _ox(DCTERMS.identifier))
        current = {
            q.object.value
            for q in self._db.quads_for_pattern(marker[0], marker[1], None, target)
            if isinstance(q.object, ox.Literal)
        }
        if current == {digest}:
            return False
        staging = _named(iri.staging_graph_iri(uuid.uuid4().hex))

        def quads() -> Iterator[ox.Quad]:
            yield ox.Quad(target, marker[1], ox.Literal(digest), staging)
            for path in files:
                try:
                    parsed = ox.parse(
                        path=path, format=ox.RdfFormat.TURTLE, rename_blank_nodes=True
                    )
                    for quad in parsed:
                        yield ox.Quad(quad.subject, quad.predicate, quad.object, staging)
                except SyntaxError as error:
                    msg = f"{path.name}: {_one_line(error)}"
                    raise StoreError(msg) from error

        self._replace_graph(target, quads(), staging)
        return True

    # -- reading ----------------------------------------------------------------------------

    def query(self, sparql: str, *, substitutions: Substitutions | None = None) -> QueryResult:
        """Run a SPARQL query over the union of the named graphs.

        Args:
            sparql: the query text (a query, not an update).
            substitutions: values for variables, keyed by name (``"name"`` or ``"?name"``) or
                by :class:`pyoxigraph.Variable`; rdflib or pyoxigraph terms. A substituted
                variable must be in the SELECT projection (SEP-0007): write ``SELECT *`` or list
                it.

        Raises:
            QuerySyntaxError: the query does not parse.
            StoreError: the store cannot answer it (including a substituted variable that is
                not projected).
        """
        bound = _substitutions(substitutions) if substitutions else None
        db = self._db
        try:
            if self._staging:
                # A write is under way in this process: hide its staging graph.
                names = [g for g in db.named_graphs() if g not in self._staging]
                return db.query(
                    sparql,
                    substitutions=bound,
                    default_graph=list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph](names),
                    named_graphs=names,
                )
            return db.query(sparql, substitutions=bound, use_default_graph_as_union=True)
        except SyntaxError as error:
            raise QuerySyntaxError(f"malformed SPARQL: {_one_line(error)}") from error
        except (OSError, RuntimeError, ValueError, TypeError) as error:
            msg = f"query failed: {_one_line(error)}"
            raise StoreError(msg) from error

    def triple_count(self, graph_name: URIRef | str | None = None) -> int:
        """Quads in the store (every graph, the ontology's included), or in one graph."""
        db = self._db
        if graph_name is None:
            return len(db)
        answer = db.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            substitutions={ox.Variable("g"): _named(graph_name)},
        )
        return sum(_int(row["n"]) for row in _solutions(answer))

    def graph_names(self) -> list[URIRef]:
        """Names of the assessment graphs, sorted."""
        return sorted(
            URIRef(g.value)
            for g in self._db.named_graphs()
            if isinstance(g, ox.NamedNode) and g.value.startswith(_ASSESSMENT_GRAPH_BASE)
        )

    def document_graph(self, graph_name: URIRef | str) -> Graph:
        """The triples of one named graph as an rdflib graph (empty when absent)."""
        name = _named(graph_name)
        graph = Graph(identifier=URIRef(name.value))
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        try:
            return quads_to_graph(self._db.quads_for_pattern(None, None, None, name), graph)
        except TypeError as error:
            msg = f"{name.value}: {_one_line(error)}"
            raise StoreError(msg) from error

    def documents(self) -> list[DocumentInfo]:
        """Every assessment in the store, sorted by graph name."""
        db = self._db
        counts = {
            str(ox_to_rdflib(row["g"])): _int(row["n"])
            for row in _solutions(
                db.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
            )
        }
        infos: list[DocumentInfo] = []
        for graph_name in self.graph_names():
            g = _named(graph_name)
            for quad in db.quads_for_pattern(None, _ox(RDF.type), _ox(MNPIA.Assessment), g):
                a = quad.subject
                infos.append(
                    DocumentInfo(
                        assessment=URIRef(str(ox_to_rdflib(a))),
                        graph_name=graph_name,
                        title=self._value(a, DCTERMS.title, g),
                        municipality=self._municipality(a, g),
                        number=self._value(a, MNPIA.assessmentNumber, g),
                        status=self._value(a, MNPIA.extractionStatus, g),
                        triples=counts.get(str(graph_name), 0),
                        source=self._source_file(a, g),
                    )
                )
        return infos

    def _objects(
        self,
        subject: ox.NamedNode | ox.BlankNode | ox.Triple,
        predicate: URIRef,
        graph: ox.NamedNode,
    ) -> list[OxTerm]:
        return sorted(
            (q.object for q in self._db.quads_for_pattern(subject, _ox(predicate), None, graph)),
            key=str,
        )

    def _value(
        self,
        subject: ox.NamedNode | ox.BlankNode | ox.Triple,
        predicate: URIRef,
        graph: ox.NamedNode,
    ) -> str | None:
        for term in self._objects(subject, predicate, graph):
            if isinstance(term, ox.Literal):
                return term.value
        return None

    def _municipality(
        self, a: ox.NamedNode | ox.BlankNode | ox.Triple, g: ox.NamedNode
    ) -> str | None:
        """The municipality of the publishing organisation, or the publisher itself."""
        for publisher in self._objects(a, DCTERMS.publisher, g):
            if not isinstance(publisher, ox.NamedNode):
                continue
            if any(
                self._db.quads_for_pattern(publisher, _ox(RDF.type), _ox(MNPIA.Municipality), g)
            ):
                return self._value(publisher, RDFS.label, g)
            for m in self._objects(publisher, MNPIA.municipality, g):
                if isinstance(m, ox.NamedNode) and (label := self._value(m, RDFS.label, g)):
                    return label
        return None

    def _source_file(
        self, a: ox.NamedNode | ox.BlankNode | ox.Triple, g: ox.NamedNode
    ) -> str | None:
        for source in self._objects(a, PROV.wasDerivedFrom, g):
            if isinstance(source, ox.NamedNode) and (
                name := self._value(source, MNPIA.fileName, g)
            ):
                return name
        return None

    def stats(self) -> dict[str, int]:
        """Instances per class in the assessment graphs (distinct nodes), keyed by short name."""
        names: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
            _named(g) for g in self.graph_names()
        ]
        if not names:
            return {}
        answer = self._db.query(
            "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class",
            default_graph=names,
        )
        counts: dict[str, int] = {}
        for row in _solutions(answer):
            term = row["class"]
            if isinstance(term, ox.NamedNode):
                counts[_short(term.value)] = _int(row["n"])
        return dict(sorted(counts.items()))

    def export(self, out: BinaryIO, *, fmt: ExportFormat, include_ontology: bool = False) -> None:
        """Write the assessment graphs to ``out``.

        TriG and N-Quads keep the named graphs; Turtle merges them into one graph (duplicates
        removed). Output is sorted, so the same store exports the same bytes.

        Args:
            out: a binary stream.
            fmt: ``trig``, ``nquads`` or ``turtle``.
            include_ontology: also write the ontology and vocabulary graph.
        """
        if fmt not in _FORMATS:
            msg = f"unknown export format {fmt!r} (trig, nquads, turtle)"
            raise StoreError(msg)
        db = self._db
        names: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
            _named(g) for g in self.graph_names()
        ]
        if include_ontology and db.contains_named_graph(_named(iri.ONTOLOGY_GRAPH)):
            names.insert(0, _named(iri.ONTOLOGY_GRAPH))
        try:
            if fmt == "turtle":
                if not names:
                    return
                answer = db.query(
                    "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
                    default_graph=names,
                )
                triples = (ox.Triple(row["s"], row["p"], row["o"]) for row in _solutions(answer))
                ox.serialize(triples, out, _FORMATS[fmt], prefixes=PREFIXES)
                return
            for name in names:
                quads = sorted(db.quads_for_pattern(None, None, None, name), key=str)
                ox.serialize(
                    quads, out, _FORMATS[fmt], prefixes=PREFIXES if fmt == "trig" else None
                )
        except OSError as error:
            msg = f"export failed: {_one_line(error)}"
            raise StoreError(msg) from error


def _ox(term: URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def _int(term: object) -> int:
    if isinstance(term, ox.Literal):
        return int(term.value)
    return 0


def _solutions(answer: QueryResult) -> ox.QuerySolutions:
    if not isinstance(answer, ox.QuerySolutions):
        msg = "expected a SELECT answer"
        raise StoreError(msg)
    return answer


def _short(value: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if value.startswith(namespace):
            return f"{prefix}:{value[len(namespace) :]}"
    return value


def _substitutions(values: Substitutions) -> dict[ox.Variable, OxTerm]:
    bound: dict[ox.Variable, OxTerm] = {}
    for key, value in values.items():
        if isinstance(key, ox.Variable):
            variable = key
        else:
            match = _VARIABLE.fullmatch(key)
            if match is None:
                msg = f"not a SPARQL variable name: {key!r}"
                raise StoreError(msg)
            variable = ox.Variable(match[1])
        if isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple):
            bound[variable] = value
        else:
            try:
                bound[variable] = rdflib_to_ox(value)
            except (TypeError, ValueError) as error:
                msg = f"cannot bind ?{variable.value}: {_one_line(error)}"
                raise StoreError(msg) from error
    return bound


def _drop_stale_staging(db: ox.Store) -> None:
    stale = [
        g
        for g in db.named_graphs()
        if isinstance(g, ox.NamedNode) and g.value.startswith(iri.STAGING_GRAPH_BASE)
    ]
    for graph in stale:
        db.update(f"DROP SILENT GRAPH {graph}")


def open_store(path: Path, *, read_only: bool = False) -> Store:
    """Open the store in folder ``path`` (created when missing, unless ``read_only``).

    Raises:
        StoreError: one line naming ``path`` and the problem: it is a file, it does not exist
            (read-only), it is locked by another process, it cannot be read, or its content is
            not a store (corrupted).
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        msg = f"{path}: not a store folder (it is a file)"
        raise StoreError(msg)
    if read_only and not path.exists():
        msg = f"{path}: no store here (the folder does not exist)"
        raise StoreError(msg)
    try:
        if read_only:
            db = ox.Store.read_only(str(path))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = ox.Store(str(path))
            _drop_stale_staging(db)
    except PermissionError as error:
        msg = f"{path}: permission denied ({_one_line(error)})"
        raise StoreError(msg) from error
    except (OSError, RuntimeError) as error:
        text = _one_line(error)
        if "lock" in text.lower():
            msg = f"{path}: the store is in use by another process (locked)"
        elif read_only and "No such file" in text:
            msg = f"{path}: no store here (not a store folder, or never written)"
        else:
            msg = f"{path}: cannot open the store ({text})"
        raise StoreError(msg) from error
    return Store(db, path=path, read_only=read_only)


__all__ = [
    "DocumentInfo",
    "ExportFormat",
    "QuerySyntaxError",
    "Store",
    "StoreError",
    "Substitutions",
    "ontology_files",
    "open_store",
]
