"""The commonly used passwords that sign-up refuses, shipped with the package (no network): see
common_passwords.LICENSE.txt for where the list comes from and its licence."""

from __future__ import annotations

import gzip
from functools import cache
from importlib.resources import files

__all__ = ["common_passwords"]


@cache
def common_passwords() -> frozenset[str]:
    """The list, lower-case (as shipped); read once, at the first sign-up or password change (~30,000 entries)."""
    data = files("gluterx.data").joinpath("common_passwords.txt.gz").read_bytes()
    return frozenset(line for line in gzip.decompress(data).decode("utf-8").splitlines() if line)
