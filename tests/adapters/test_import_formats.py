"""The apps whose exports GluteRx reads are listed once (adapters/interop/csv_import FORMATS): the import page's
choices, the history's "Imported from" and the CLI's titles read it; the two type-level copies (the CLI's --from
choices, the API's `kind`) must agree with it."""

from __future__ import annotations

import typing

from gluterx.adapters.cli.interop import Source
from gluterx.adapters.interop.csv_import import FORMATS, app_name
from gluterx.adapters.web.api.insights import post_import


def test_the_cli_and_the_api_take_exactly_the_formats_read() -> None:
    assert [s.value for s in Source] == list(FORMATS)
    kind = typing.get_type_hints(post_import, include_extras=True)["kind"]
    (choices, *_extras) = typing.get_args(kind)
    assert list(typing.get_args(choices)) == [*FORMATS, ""]


def test_an_imported_session_names_its_app() -> None:
    assert [app_name(k) for k in FORMATS] == ["Strong", "Hevy", "FitNotes"]
    assert app_name("runkeeper") == "Runkeeper"  # a kind from elsewhere, as written
