"""Write each exercise's stable uuid (uuid5 of its id) into the library YAML files, in place."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from gluterx.data._loader import exercise_uuid, library_dir


def main() -> None:
    for path in sorted((library_dir() / "exercises").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        out, current = [], None
        for line in text.splitlines(keepends=True):
            m = re.match(r"^\s*-\s+id:\s*([a-z0-9_]+)\s*$", line)
            if m:
                current = m.group(1)
            u = re.match(r"^(\s*)uuid:\s*\S*\s*$", line)
            if u and current:
                line = f"{u.group(1)}uuid: {exercise_uuid(current)}\n"
            out.append(line)
        path.write_text("".join(out), encoding="utf-8")
        print(f"{path.name}: uuids written")


if __name__ == "__main__":
    main()
