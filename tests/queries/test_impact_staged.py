"""``mnpia impact`` reads a provision's flows with small look-ups (:func:`provision_flows`); its
rows are those of the named query ``legal_basis_impact``, for every provision a store cites.

The two aggregated columns (``cited_label``, ``cited``) are compared as sets of their parts:
``GROUP_CONCAT`` leaves their order to the engine, and ``provision_flows`` sorts them.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.store import Store
from queries.catalog import bind_params, bound_text, load_query
from queries.legal import IMPACT_COLUMNS, provision_flows, provision_resources
from queries.table import QueryTable, answer_of

CITED = "SELECT DISTINCT ?r WHERE { GRAPH ?g { ?c <https://w3id.org/mnpia/ontology#cites> ?r } }"
WHOLES = "SELECT DISTINCT ?w WHERE { ?r <http://purl.org/dc/terms/isPartOf> ?w }"


def _provisions(store: Store) -> list[str]:
    found: set[str] = set()
    for query, variable in ((CITED, "r"), (WHOLES, "w")):
        answer = store.query(query)
        assert isinstance(answer, ox.QuerySolutions)
        found |= {row[variable].value for row in answer}
    return sorted(found)


def _named_query_rows(store: Store, provision: str) -> list[tuple[str | None, ...]]:
    query = load_query("legal_basis_impact")
    answer = answer_of(store.query(bound_text(query, bind_params(query, {"provision": provision}))))
    assert isinstance(answer, QueryTable)
    assert answer.columns == IMPACT_COLUMNS
    label, cited = IMPACT_COLUMNS.index("cited_label"), IMPACT_COLUMNS.index("cited")
    rows = []
    for row in answer.rows:
        values = list(row)
        if values[label] is not None:
            values[label] = ", ".join(sorted(values[label].split(", ")))
        values[cited] = " ".join(sorted((values[cited] or "").split(" ")))
        rows.append(tuple(values))
    return rows


def _check_every_provision(store: Store) -> int:
    provisions = _provisions(store)
    assert provisions
    rows = 0
    for provision in provisions:
        staged = provision_flows(store, provision)
        assert staged.columns == IMPACT_COLUMNS
        assert list(staged.rows) == _named_query_rows(store, provision), provision
        rows += len(staged.rows)
    return rows


def test_staged_rows_equal_the_named_query_on_the_corpus(corpus_store: Store) -> None:
    assert _check_every_provision(corpus_store) > 100


def test_staged_rows_equal_the_named_query_on_the_golden_data(golden_store: Store) -> None:
    assert _check_every_provision(golden_store) > 0


def test_a_provision_holds_its_parts(corpus_store: Store) -> None:
    answer = corpus_store.query(WHOLES)
    assert isinstance(answer, ox.QuerySolutions)
    whole = sorted(row["w"].value for row in answer)[0]
    parts = provision_resources(corpus_store, whole)
    assert whole in parts
    assert len(parts) > 1


def test_an_uncited_resource_has_no_rows(corpus_store: Store) -> None:
    assert provision_flows(corpus_store, "https://w3id.org/mnpia/id/law/nothing").rows == ()
