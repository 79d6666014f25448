"""The streamed backup's text is json.dumps(indent=2, ensure_ascii=False)'s, whatever the values (issue 13): its own
layout writer must never drift from json's, or a backup written in pieces would differ from the whole."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gluterx.services import backup

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300)
@given(values, st.integers(min_value=0, max_value=6))
def test_any_json_value_is_laid_out_as_json_lays_it_out(value: Any, level: int) -> None:
    expected = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)
    assert "".join(backup._encoded(value, level)) == expected


@given(st.lists(st.dictionaries(st.text(max_size=5), values, max_size=3), max_size=4), values)
def test_arrays_written_item_by_item_are_the_same_text(items: list[dict[str, Any]], other: Any) -> None:
    document = {"format": "x", "people": backup._Stream(iter([{"sessions": backup._Stream(iter(items)), "o": other}]))}
    whole = {"format": "x", "people": [{"sessions": items, "o": other}]}
    assert "".join(backup._encoded(document, 0)) == json.dumps(whole, indent=2, ensure_ascii=False)
