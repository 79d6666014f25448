"""Every number a rule uses matches the registry figure it cites."""

from __future__ import annotations

import pytest

from gluterx.domain import thresholds
from gluterx.domain.exercise import Library


@pytest.mark.parametrize("cited", thresholds.ALL, ids=lambda c: c.figure)
def test_threshold_equals_its_registry_figure(library: Library, cited: thresholds.Cited) -> None:
    """The rule's value and the registry's figure are the same number, so neither drifts alone."""
    figure = library.registry.figure(cited.figure)
    assert (figure.low, figure.high) == (cited.low, cited.top)
    assert figure.source in library.registry.sources
