"""The embedded store: one pyoxigraph (RocksDB) database on disk, one named graph per assessment.

Writes are atomic. :meth:`Store.replace_document` writes a new assessment with one transactional
``extend`` into its graph; an assessment the store already holds (and the ontology graph) is
replaced by one SPARQL update, ``DROP SILENT GRAPH`` then ``INSERT DATA`` (with its revision
graph when history is kept), which pyoxigraph applies in one transaction. There is no staging
graph: readers, and a process killed at any moment, see the old graph or the new one, never a
half-written graph or both. (Staging graphs that older versions could leave behind are dropped
when the store is opened for writing.) A bulk ingest adds new assessments in batches
(:meth:`Store.add_new_documents`): Oxigraph's bulk loader writes sorted files for every index and
takes them into the database in one step, so a batch too is there whole or not at all.

Queries run with the union of all named graphs as their default graph; values are bound through
pyoxigraph ``substitutions`` (SEP-0007), never pasted into the query text.

:class:`GraphStore` is what the rest of the code asks of a store; :class:`Store` (this embedded
one) and :class:`graph.remote.RemoteStore` (a SPARQL 1.1 server over HTTP) both offer it, and
:func:`open_store` opens either from a path or a URL. With ``keep_history`` a changed document's
earlier version is kept as a revision (:mod:`graph.revision`), written in the same update as
the replacement, so the two commit together or not at all. :meth:`Store.write_nquads`
writes N-Quads through the same code path as :meth:`Store.replace_document`.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "store") as store:
...     store.triple_count()
0
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO, Final, Literal, Protocol, Self, TypeAlias, overload

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS
from rdflib.term import Node

from graph import iri
from graph.errors import StoreError
from graph.mapping import PREFIXES
from graph.revision import (
    REVISIONS_QUERY,
    RevisionInfo,
    RevisionPlan,
    assessment_of,
    graph_key,
    plan_revision,
    revision_graph_name,
    revision_to_triples,
    solutions_to_revisions,
    version_sha256,
)
from graph.term import (
    OxSubject,
    OxTerm,
    graph_to_quads,
    ox_to_rdflib,
    quads_to_graph,
    rdflib_to_ox,
)
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
_REVISION_GRAPH_BASE: Final = iri.REVISION_GRAPH_BASE
_URL: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
DEFAULT_TIMEOUT_S: Final = 60.0
"""Seconds a remote store may take to answer one request (``MNPIA_STORE_TIMEOUT_S``)."""


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


class GraphStore(Protocol):
    """What the rest of mnpia asks of a store, embedded (:class:`Store`) or remote
    (:class:`graph.remote.RemoteStore`).

    Queries see the union of the named graphs as their default graph; answers are pyoxigraph
    objects (``QuerySolutions``, ``QueryBoolean``, ``QueryTriples``) whichever store answers.
    Writes of one document are atomic. Every error is a one-line :class:`StoreError`.
    """

    @property
    def location(self) -> str:
        """Where the store is: a folder, or the URL of a SPARQL server (without credentials)."""
        ...

    @property
    def read_only(self) -> bool:
        """Whether the store refuses writes."""
        ...

    def close(self) -> None:
        """Release the store (its lock, or its HTTP connections)."""
        ...

    def flush(self) -> None:
        """Persist what was written and release the write buffers (a server: nothing to do)."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def query(self, sparql: str, *, substitutions: Substitutions | None = None) -> QueryResult:
        """Run a SPARQL query over the union of the named graphs."""
        ...

    def replace_document(self, doc: DocumentGraph, *, keep_history: bool = False) -> int:
        """Write a document as its named graph, replacing it; return the triples written."""
        ...

    def write_nquads(
        self, graph_name: URIRef | str, data: bytes, *, keep_history: bool = False
    ) -> int:
        """Replace one assessment graph by the N-Quads (or N-Triples) of ``data``."""
        ...

    def add_new_documents(self, documents: Sequence[tuple[str, bytes]]) -> None:
        """Add assessments the store does not hold yet, all in one atomic step.

        Each item is a graph name and the N-Quads of that graph, as
        :func:`graph.ingestion.prepare_file` writes them: every quad in that graph, no blank
        nodes. Raises :class:`StoreError` (nothing written) when a graph is already there.
        """
        ...

    def holds_graph(self, graph_name: URIRef | str) -> bool:
        """True when the store holds the named graph of this assessment."""
        ...

    def remove_document(self, ref: URIRef | str) -> int:
        """Remove an assessment; return the triples removed."""
        ...

    def ensure_ontology(self) -> bool:
        """Load the ontology graph unless it is current; return whether it was loaded."""
        ...

    def triple_count(self, graph_name: URIRef | str | None = None) -> int:
        """Quads in the store, or in one graph."""
        ...

    def graph_names(self) -> list[URIRef]:
        """Names of the assessment graphs, sorted."""
        ...

    def document_graph(self, graph_name: URIRef | str) -> Graph:
        """The triples of one named graph (empty when absent)."""
        ...

    def documents(self) -> list[DocumentInfo]:
        """Every assessment, sorted by graph name."""
        ...

    def stats(self) -> dict[str, int]:
        """Instances per class in the assessment graphs."""
        ...

    def export(
        self,
        out: BinaryIO,
        *,
        fmt: ExportFormat,
        include_ontology: bool = False,
        include_revisions: bool = False,
    ) -> None:
        """Write the assessment graphs (and, if asked, the ontology and revisions) to ``out``."""
        ...

    def revisions(self, assessment: URIRef | str) -> list[RevisionInfo]:
        """The earlier versions kept of an assessment, oldest replacement first."""
        ...

    def revision_graph(self, revision: URIRef | str) -> Graph:
        """An earlier version rebuilt: what it stated, named by its assessment graph."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class NewGraph:
    """A graph about to replace an assessment graph: how to write it, and how to name its version.

    Both stores write a document (:meth:`GraphStore.replace_document`) and N-Quads
    (:meth:`GraphStore.write_nquads`) through this one shape, so the two share one code path.
    """

    target: ox.NamedNode
    count: int
    """Distinct triples."""
    quads: Callable[[ox.NamedNode], Iterator[ox.Quad]]
    """The triples as quads in the graph given (a staging graph, or the target itself)."""
    sha256: Callable[[], str]
    """The version id (:func:`graph.revision.version_sha256`), computed only when needed."""


def assessment_graph_name(graph_name: URIRef | str) -> ox.NamedNode:
    """``graph_name`` as a pyoxigraph IRI, checked to be an assessment graph's.

    Raises:
        StoreError: it is not a valid IRI, or not under ``graph/assessment/``.
    """
    target = _named(graph_name)
    if not target.value.startswith(_ASSESSMENT_GRAPH_BASE):
        msg = f"not an assessment graph name: {target.value}"
        raise StoreError(msg)
    return target


def document_to_new_graph(
    doc: DocumentGraph, quads: Callable[[ox.NamedNode], Iterator[ox.Quad]]
) -> NewGraph:
    """The :class:`NewGraph` of a mapped document (``quads`` yields its triples in a graph)."""
    target = assessment_graph_name(doc.graph_name)

    def sha256() -> str:
        return version_sha256((_triple(q) for q in graph_to_quads(doc.graph, target)), target)

    return NewGraph(target=target, count=len(doc.graph), quads=quads, sha256=sha256)


def nquads_to_new_graph(graph_name: URIRef | str, data: bytes) -> NewGraph:
    """The :class:`NewGraph` of N-Quads (or N-Triples) that all belong to ``graph_name``.

    Raises:
        StoreError: the data does not parse, or a quad names another graph.
    """
    target = assessment_graph_name(graph_name)
    try:
        parsed = list(ox.parse(input=data, format=ox.RdfFormat.N_QUADS, rename_blank_nodes=True))
    except (SyntaxError, ValueError) as error:
        msg = f"could not write {target.value}: the N-Quads do not parse ({_one_line(error)})"
        raise StoreError(msg) from error
    triples: dict[ox.Triple, None] = {}
    for quad in parsed:
        if not isinstance(quad.graph_name, ox.DefaultGraph) and quad.graph_name != target:
            msg = f"could not write {target.value}: a quad is in another graph ({quad.graph_name})"
            raise StoreError(msg)
        triples[_triple(quad)] = None
    items = tuple(triples)

    def quads(graph: ox.NamedNode) -> Iterator[ox.Quad]:
        return (ox.Quad(t.subject, t.predicate, t.object, graph) for t in items)

    return NewGraph(
        target=target,
        count=len(items),
        quads=quads,
        sha256=lambda: version_sha256(items, target),
    )


def revision_plan(
    store: GraphStore, new: NewGraph, old: Sequence[ox.Triple]
) -> RevisionPlan | None:
    """The revision keeping ``old``, what ``new.target`` holds in ``store`` now, after the
    revisions the store keeps already (None: the same text, or nothing held)."""
    if not old:
        return None
    kept = store.revisions(iri.assessment_iri(graph_key(new.target)))
    return plan_revision(
        graph_name=new.target,
        old=old,
        new_sha256=new.sha256(),
        superseded_at=now(),
        kept=[r.revision for r in kept],
    )


class ClosedOnExit:
    """``with`` support for a store: leaving the block closes it."""

    def close(self) -> None:
        """Release the store."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def class_counts(rows: Iterable[ox.QuerySolution]) -> dict[str, int]:
    """``?class ?n`` rows as instances per class, keyed by short name and sorted (``stats``)."""
    counts: dict[str, int] = {}
    for row in rows:
        term = row["class"]
        if isinstance(term, ox.NamedNode):
            counts[_short(term.value)] = _int(row["n"])
    return dict(sorted(counts.items()))


def replacement_update(graphs: Sequence[tuple[ox.NamedNode, Iterable[ox.Triple]]]) -> str:
    """One SPARQL update replacing each graph by its triples: ``DROP SILENT GRAPH`` of each,
    then one ``INSERT DATA`` (terms written by pyoxigraph's N-Triples serialiser).

    >>> g = ox.NamedNode("http://g")
    >>> print(replacement_update([(g, [ox.Triple(g, g, ox.Literal("x"))])]), end="")
    DROP SILENT GRAPH <http://g> ;
    INSERT DATA {
    GRAPH <http://g> {
    <http://g> <http://g> "x" .
    }
    }
    """
    drops = " ;\n".join(f"DROP SILENT GRAPH {name}" for name, _ in graphs)
    blocks = "\n".join(
        f"GRAPH {name} {{\n"
        + (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
        + "}"
        for name, triples in graphs
    )
    return f"{drops} ;\nINSERT DATA {{\n{blocks}\n}}\n"


def _triple(quad: ox.Quad) -> ox.Triple:
    return ox.Triple(quad.subject, quad.predicate, quad.object)


def now() -> datetime:
    """The time a revision is superseded at (a seam for tests)."""
    return datetime.now(UTC)


def is_url(location: str | Path) -> bool:
    """Whether a ``--store`` value names a server (a URL) rather than a folder.

    >>> is_url("http://localhost:7878"), is_url("fuseki+https://h/ds"), is_url("data/store")
    (True, True, False)
    """
    return isinstance(location, str) and _URL.match(location) is not None


def store_location(text: str) -> Path | str:
    """A ``--store`` / ``MNPIA_STORE`` value: a URL stays text (a path would fold its ``//``).

    >>> store_location("http://localhost:7878"), store_location("/srv/store")
    ('http://localhost:7878', PosixPath('/srv/store'))
    """
    return text if is_url(text) else Path(text)


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


def files_hash(files: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


class Store(ClosedOnExit):
    """An opened store. Use :func:`open_store`; close it (or use ``with``) to release the lock."""

    def __init__(self, inner: ox.Store, *, path: Path, read_only: bool) -> None:
        self._inner: ox.Store | None = inner
        self._path = path
        self._read_only = read_only

    # -- life cycle -------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        """The folder of the database."""
        return self._path

    @property
    def location(self) -> str:
        """The folder of the database, as text."""
        return str(self._path)

    @property
    def read_only(self) -> bool:
        """Whether the store was opened read-only."""
        return self._read_only

    def close(self) -> None:
        """Flush and release the database (its lock goes with the last reference)."""
        self.flush()
        self._inner = None

    def flush(self) -> None:
        """Write RocksDB's write buffers (one per index) to disk and free them.

        A long ingest calls it every few hundred documents: the buffers otherwise grow to about
        2 GiB before RocksDB flushes them itself (measured: 10,000 assessments).
        """
        inner = self._inner
        if inner is not None and not self._read_only:
            try:
                inner.flush()
            except OSError as error:
                msg = f"{self._path}: cannot flush the store ({_one_line(error)})"
                raise StoreError(msg) from error

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

    def _document_quads(self, doc: DocumentGraph, graph: ox.NamedNode) -> Iterator[ox.Quad]:
        """The quads of ``doc`` in ``graph`` (a seam for failure-injection tests)."""
        return graph_to_quads(doc.graph, graph)

    def _apply(self, update: str) -> None:
        """Run one SPARQL update: one transaction (a seam for tests)."""
        self._writable().update(update)

    def _replace_graphs(
        self, target: ox.NamedNode, graphs: Sequence[tuple[ox.NamedNode, Iterable[ox.Triple]]]
    ) -> None:
        """Replace each graph of ``graphs`` by its triples, all in ONE transaction (one update:
        ``DROP SILENT GRAPH`` then ``INSERT DATA``). No staging graph: a reader, or a process
        killed at any moment, sees the old graphs or the new ones, never both or neither."""
        try:
            update = replacement_update(graphs)
            if f"GRAPH {target} {{\n}}" in update:
                msg = f"nothing to write into {target.value}: the graph is empty"
                raise StoreError(msg)
            self._apply(update)
        except StoreError:
            raise
        except (OSError, ValueError, TypeError, RuntimeError, SyntaxError) as error:
            msg = f"{self._path}: could not write {target.value}: {_one_line(error)}"
            raise StoreError(msg) from error

    def replace_document(self, doc: DocumentGraph, *, keep_history: bool = False) -> int:
        """Write ``doc`` as its named graph, replacing what that graph held. Atomic.

        Args:
            doc: the mapped document.
            keep_history: keep the version it replaces, when that was read from another text
                (another SHA-256), as a revision (:mod:`graph.revision`), in the same
                transaction as the replacement.

        Returns:
            The number of triples written.

        Raises:
            StoreError: when the graph cannot be written; the store is then unchanged.
        """
        new = document_to_new_graph(doc, lambda graph: self._document_quads(doc, graph))
        return self._write(new, keep_history=keep_history)

    def write_nquads(
        self, graph_name: URIRef | str, data: bytes, *, keep_history: bool = False
    ) -> int:
        """Replace one assessment graph by the N-Quads (or N-Triples) of ``data``. Atomic.

        Every quad must be in ``graph_name`` (or in no graph: N-Triples). Same semantics as
        :meth:`replace_document`, through the same code path.

        Returns:
            The number of distinct triples written.

        Raises:
            StoreError: the data does not parse, names another graph, is empty, or cannot be
                written; the store is then unchanged.
        """
        return self._write(nquads_to_new_graph(graph_name, data), keep_history=keep_history)

    def add_new_documents(self, documents: Sequence[tuple[str, bytes]]) -> None:
        """Add assessments the store does not hold yet, all in one atomic step.

        Each item is a graph name and the N-Quads of that graph, as
        :func:`graph.ingestion.prepare_file` writes them (every quad in that graph, no blank
        nodes). The batch is written by Oxigraph's bulk loader: sorted files for every index,
        taken into the database in one ingestion, so a reader (or a process killed meanwhile)
        sees all of the batch or none of it. That is about three times faster than a
        transaction, and it leaves nothing in the write buffers.

        Raises:
            StoreError: a graph is already in the store (nothing is written then), or the data
                cannot be written.
        """
        db = self._writable()
        for name, _ in documents:
            if db.contains_named_graph(assessment_graph_name(name)):
                msg = f"{self._path}: {name} is already in the store: not a new document"
                raise StoreError(msg)
        data = b"".join(nquads for _, nquads in documents)
        if not data:
            return
        try:
            db.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        except (OSError, ValueError, SyntaxError) as error:
            msg = f"{self._path}: could not write {len(documents)} documents: {_one_line(error)}"
            raise StoreError(msg) from error

    def holds_graph(self, graph_name: URIRef | str) -> bool:
        """True when the store holds the named graph of this assessment."""
        return self._db.contains_named_graph(assessment_graph_name(graph_name))

    def _write(self, new: NewGraph, *, keep_history: bool) -> int:
        db = self._writable()
        target = new.target
        if not db.contains_named_graph(target):
            # A new assessment: one transactional extend straight into its graph (all or nothing),
            # half the work of staging and moving.
            self._write_new(target, new.quads(target))
            return new.count
        plan = self._revision_plan(new) if keep_history else None
        graphs: list[tuple[ox.NamedNode, Iterable[ox.Triple]]] = [
            (target, (_triple(q) for q in new.quads(target)))
        ]
        if plan is not None:
            graphs.append((plan.graph_name, plan.triples))
        self._replace_graphs(target, graphs)
        return new.count

    def _revision_plan(self, new: NewGraph) -> RevisionPlan | None:
        old = [_triple(q) for q in self._db.quads_for_pattern(None, None, None, new.target)]
        return revision_plan(self, new, old)

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
            digest = _ONTOLOGY_HASH_PREFIX + files_hash(files, ONTOLOGY_DIR)
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

        def triples() -> Iterator[ox.Triple]:
            yield ox.Triple(target, marker[1], ox.Literal(digest))
            for path in files:
                try:
                    parsed = ox.parse(
                        path=path, format=ox.RdfFormat.TURTLE, rename_blank_nodes=True
                    )
                    for quad in parsed:
                        yield ox.Triple(quad.subject, quad.predicate, quad.object)
                except SyntaxError as error:
                    msg = f"{path.name}: {_one_line(error)}"
                    raise StoreError(msg) from error

        self._replace_graphs(target, [(target, triples())])
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
        bound = substitutions_to_terms(substitutions) if substitutions else None
        db = self._db
        try:
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
        # The graphs the counting read saw, not a second listing: a graph written in between
        # would be listed with no triples.
        listed = sorted(URIRef(g) for g in counts if g.startswith(_ASSESSMENT_GRAPH_BASE))
        for graph_name in listed:
            g = _named(graph_name)

            def objects(subject: OxSubject, predicate: URIRef, g: ox.NamedNode = g) -> list[OxTerm]:
                return [q.object for q in db.quads_for_pattern(subject, _ox(predicate), None, g)]

            for quad in db.quads_for_pattern(None, _ox(RDF.type), _ox(MNPIA.Assessment), g):
                infos.append(
                    assessment_to_info(
                        quad.subject,
                        graph_name=graph_name,
                        triples=counts.get(str(graph_name), 0),
                        objects=objects,
                    )
                )
        return infos

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
        return class_counts(_solutions(answer))

    def export(
        self,
        out: BinaryIO,
        *,
        fmt: ExportFormat,
        include_ontology: bool = False,
        include_revisions: bool = False,
    ) -> None:
        """Write the assessment graphs to ``out``.

        TriG and N-Quads keep the named graphs; Turtle merges them into one graph (duplicates
        removed). Output is sorted, so the same store exports the same bytes.

        Args:
            out: a binary stream.
            fmt: ``trig``, ``nquads`` or ``turtle``.
            include_ontology: also write the ontology and vocabulary graph (first).
            include_revisions: also write the revision graphs (last; RDF 1.2 triple terms).
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
        if include_revisions:
            names.extend(_named(g) for g in self._revision_graph_names())
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

    # -- history ----------------------------------------------------------------------------

    def _revision_graph_names(self) -> list[URIRef]:
        return sorted(
            URIRef(g.value)
            for g in self._db.named_graphs()
            if isinstance(g, ox.NamedNode) and g.value.startswith(_REVISION_GRAPH_BASE)
        )

    def revisions(self, assessment: URIRef | str) -> list[RevisionInfo]:
        """The earlier versions kept of an assessment (IRI, graph name or key), oldest first.

        Ordered by when a newer text replaced them; empty when none was kept.
        """
        answer = self.query(
            REVISIONS_QUERY, substitutions={"assessment": assessment_of(assessment)}
        )
        return solutions_to_revisions(_solutions(answer))

    def revision_graph(self, revision: URIRef | str) -> Graph:
        """What an earlier version stated, rebuilt as its assessment graph (named as it was).

        Raises:
            StoreError: ``revision`` is not a revision IRI, or the store keeps no such revision.
        """
        name, graph_name = revision_graph_name(revision)
        subject = _named(revision)
        quads = self._db.quads_for_pattern(subject, None, None, name)
        return revision_to_graph(revision, (_triple(q) for q in quads), graph_name)


def revision_to_graph(
    revision: URIRef | str, triples: Iterable[ox.Triple], graph_name: URIRef
) -> Graph:
    """The rdflib graph of what ``revision`` kept (from the triples of its revision graph).

    Raises:
        StoreError: the triples keep nothing for ``revision`` (no such revision).
    """
    kept = revision_to_triples(revision, triples)
    if not kept:
        msg = f"no revision {revision} in the store"
        raise StoreError(msg)
    graph = Graph(identifier=graph_name)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    try:
        for t in kept:
            graph.add((ox_to_rdflib(t.subject), ox_to_rdflib(t.predicate), ox_to_rdflib(t.object)))
    except TypeError as error:
        msg = f"{revision}: {_one_line(error)}"
        raise StoreError(msg) from error
    return graph


Objects: TypeAlias = Callable[[OxSubject, URIRef], list[OxTerm]]
"""The objects of a subject and predicate in one graph (in any order)."""


def assessment_to_info(
    a: OxSubject, *, graph_name: URIRef, triples: int, objects: Objects
) -> DocumentInfo:
    """The :class:`DocumentInfo` of assessment ``a`` from the facts of its graph.

    Both stores describe their documents with this one function, so they describe them alike:
    where a fact has several values, the first in N-Triples order wins.
    """

    def sorted_objects(subject: OxSubject, predicate: URIRef) -> list[OxTerm]:
        return sorted(objects(subject, predicate), key=str)

    def value(subject: OxSubject, predicate: URIRef) -> str | None:
        for term in sorted_objects(subject, predicate):
            if isinstance(term, ox.Literal):
                return term.value
        return None

    def municipality() -> str | None:
        """The municipality of the publishing organisation, or the publisher itself."""
        for publisher in sorted_objects(a, DCTERMS.publisher):
            if not isinstance(publisher, ox.NamedNode):
                continue
            if _ox(MNPIA.Municipality) in objects(publisher, RDF.type):
                return value(publisher, RDFS.label)
            for m in sorted_objects(publisher, MNPIA.municipality):
                if isinstance(m, ox.NamedNode) and (label := value(m, RDFS.label)):
                    return label
        return None

    def source_file() -> str | None:
        for source in sorted_objects(a, PROV.wasDerivedFrom):
            if isinstance(source, ox.NamedNode) and (name := value(source, MNPIA.fileName)):
                return name
        return None

    return DocumentInfo(
        assessment=URIRef(str(ox_to_rdflib(a))),
        graph_name=graph_name,
        title=value(a, DCTERMS.title),
        municipality=municipality(),
        number=value(a, MNPIA.assessmentNumber),
        status=value(a, MNPIA.extractionStatus),
        triples=triples,
        source=source_file(),
    )


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


def substitutions_to_terms(values: Substitutions) -> dict[ox.Variable, OxTerm]:
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


@overload
def open_store(
    location: Path, *, read_only: bool = False, timeout_s: float = DEFAULT_TIMEOUT_S
) -> Store: ...


@overload
def open_store(
    location: Path | str, *, read_only: bool = False, timeout_s: float = DEFAULT_TIMEOUT_S
) -> GraphStore: ...


def open_store(
    location: Path | str, *, read_only: bool = False, timeout_s: float = DEFAULT_TIMEOUT_S
) -> GraphStore:
    """Open a store: the embedded one in a folder, or a SPARQL server named by its URL.

    Args:
        location: a folder (created when missing, unless ``read_only``), or the URL of a SPARQL
            1.1 server (see :func:`graph.remote.url_to_endpoints` for the forms it takes).
        read_only: refuse writes (and, embedded, share the folder with other readers).
        timeout_s: seconds a server may take to answer one request (remote only).

    Raises:
        StoreError: one line naming the store and the problem. Embedded: it is a file, it does
            not exist (read-only), it is locked by another process, it cannot be read, or its
            content is not a store (corrupted). Remote: see :func:`graph.remote.open_remote`.
    """
    if isinstance(location, str) and is_url(location):
        from graph.remote import open_remote  # graph.remote builds on this module

        return open_remote(location, read_only=read_only, timeout_s=timeout_s)
    return _open_embedded(Path(location), read_only=read_only)


def _open_embedded(path: Path, *, read_only: bool) -> Store:
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
    "DEFAULT_TIMEOUT_S",
    "DocumentInfo",
    "ExportFormat",
    "GraphStore",
    "NewGraph",
    "QueryResult",
    "QuerySyntaxError",
    "RevisionInfo",
    "Store",
    "StoreError",
    "Substitutions",
    "assessment_graph_name",
    "assessment_to_info",
    "document_to_new_graph",
    "is_url",
    "nquads_to_new_graph",
    "ontology_files",
    "open_store",
    "revision_to_graph",
    "store_location",
]
