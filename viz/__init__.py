"""Diagrams of the assessment graph drawn with Graphviz (別添1-style flows, data flows, lineage).

This layer takes records and networkx graphs, never the store.
"""
