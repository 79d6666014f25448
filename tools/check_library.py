"""Load the library and print every problem (file, entry, field), or a one-line summary when it is valid."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from gluterx.data import LibraryError, load_library


def main() -> int:
    try:
        lib = load_library()
    except LibraryError as exc:
        print("\n".join(exc.problems))
        return 1
    print(f"ok: {len(lib)} exercises, {len(lib.registry.sources)} sources, {len(lib.registry.emg)} EMG figures")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
