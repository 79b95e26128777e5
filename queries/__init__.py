"""Named SPARQL queries over the assessment graph, and running them with bound parameters."""

from queries.catalog import NamedQuery, QueryError, QueryParam, load_query, named_queries
from queries.table import QueryAnswer, QueryTable, QueryTriples, run_query, run_sparql

__all__ = [
    "NamedQuery",
    "QueryAnswer",
    "QueryError",
    "QueryParam",
    "QueryTable",
    "QueryTriples",
    "load_query",
    "named_queries",
    "run_query",
    "run_sparql",
]
