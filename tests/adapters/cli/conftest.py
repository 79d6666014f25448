"""CLI tests read tables as a wide terminal would show them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gluterx.adapters.cli import _common


@pytest.fixture(autouse=True)
def wide_console() -> Iterator[None]:
    before = _common.console.width, _common.err_console.width
    _common.console.width = _common.err_console.width = 200
    yield
    _common.console.width, _common.err_console.width = before
