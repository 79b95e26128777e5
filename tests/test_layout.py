"""The layout of the test tree itself."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_test_module_names_are_unique() -> None:
    # tests/ has no __init__.py files, so pytest imports test modules by basename: two
    # test_x.py in different folders collide at collection and stop the whole run.
    names = Counter(path.name for path in TESTS.rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []
