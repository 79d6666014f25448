"""Results kept per person, valid until that person's next write (issue 13): today's answer as the bytes sent.

A result is kept under (what it is, person, the day and whatever else the request asked) together with the person's
revision when it was computed (adapters/db/revision.py: their own plus the store's epoch, which a write that names no
person moves; both only grow, so the sum does). The signed-in lookup reads the revision with the token or
session in the same indexed query, so serving a kept answer costs that one read: a write through any server bumps the
revision in its own transaction, and the next request through every server sees the new number and computes afresh.
The day is part of the key, so midnight (in whatever time zone the day was worked out in) never serves yesterday's.

The store is per process and bounded: the least recently stored entries go first. It holds nothing that must be
shared: losing it (a restart, another server) only costs a recomputation.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

__all__ = ["ResultCache"]

MAX_ENTRIES = 5_000  # a today answer is ~2-4.5 kB: at most ~22 MB per process, usually far less


class ResultCache:
    """(key) -> (revision, body): a kept body is served only to a request that read the same revision."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[Hashable, tuple[int, bytes]] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, revision: int) -> bytes | None:
        found = self._entries.get(key)
        if found is not None and found[0] == revision:
            self.hits += 1
            return found[1]
        self.misses += 1
        return None

    def put(self, key: Hashable, revision: int, body: bytes) -> None:
        """Keep `body`, computed from a snapshot no older than `revision` (read before the computation began).

        A newer revision already kept for the key is not replaced by an older one.
        """
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found[0] > revision:
                return
            self._entries[key] = (revision, body)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
