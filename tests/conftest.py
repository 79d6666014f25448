"""Shared fixtures, and the hypothesis profiles."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from gluterx.data import load_library
from gluterx.domain.exercise import Library

# Property tests that set no max_examples of their own (the planner's, the slowest) take it from the profile: a quick
# run by default, the full count under HYPOTHESIS_PROFILE=thorough, which tools/test.sh (and so CI) sets.
settings.register_profile("default", max_examples=200)
settings.register_profile("thorough", max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()
