"""Shared fixtures."""

from __future__ import annotations

import pytest

from gluterx.data import load_library
from gluterx.domain.exercise import Library


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()
