"""Answers kept by the server: rendered diagrams, and the lineage, path and impact look-ups.

The store changes only through ``POST /assessments`` (which empties every cache, see
:func:`api.deps.store_changed`) or, for a SPARQL server that other writers share, behind the
server's back: look-up answers are therefore kept for :data:`ANSWER_SECONDS` at most.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Final, Generic, TypeVar

KEPT_ANSWERS: Final = 256
"""Look-up answers kept (the most recently used)."""
ANSWER_SECONDS: Final = 30.0
"""Longest time a look-up answer is kept."""

_T = TypeVar("_T")


class AnswerCache(Generic[_T]):
    """Answers by request, the most recently used kept, each for ``seconds`` at most when given
    (thread-safe; two requests computing the same answer at once both compute it).

    >>> clock = iter([0.0, 5.0, 11.0])
    >>> cache = AnswerCache[str](size=2, seconds=10, clock=lambda: next(clock))
    >>> cache.get_or_compute("a", lambda: "first"), cache.get_or_compute("a", lambda: "second")
    ('first', 'first')
    >>> cache.get_or_compute("a", lambda: "third")  # 11 s after it was kept: too old
    'third'
    """

    def __init__(
        self,
        size: int,
        seconds: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._size = size
        self._seconds = seconds
        self._clock = clock
        self._items: OrderedDict[Hashable, tuple[float, _T]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """The answer kept for ``key``, or the one ``compute`` gives (then kept)."""
        now = self._clock()
        with self._lock:
            kept = self._items.get(key)
            if kept is not None and (self._seconds is None or now - kept[0] < self._seconds):
                self._items.move_to_end(key)
                return kept[1]
        answer = compute()
        with self._lock:
            self._items[key] = (now, answer)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return answer

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def clear(self) -> None:
        """Forget everything (the store changed)."""
        with self._lock:
            self._items.clear()


def kept_answer(state: Any, cache: str, key: Hashable, compute: Callable[[], _T]) -> _T:
    """The answer the app's cache ``cache`` (an :class:`AnswerCache` on ``state``, the app's
    ``app.state``) keeps for ``key`` in the store's current generation, else ``compute()``'s,
    then kept; without such a cache, ``compute()``'s."""
    answers: AnswerCache[Any] | None = getattr(state, cache, None)
    if answers is None:
        return compute()
    answer: _T = answers.get_or_compute((getattr(state, "generation", 0), key), compute)
    return answer
