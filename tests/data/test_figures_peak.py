"""Issue 15: the glute highlight is fullest at the keyframe the figure names as its peak, a middle one too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from gluterx.data import LibraryError, library_dir, load_figures
from gluterx.data._figures import read_figures
from gluterx.domain.exercise import Library
from gluterx.domain.figures.render import render
from gluterx.services.figures import timing_for


def _glute_opacities(svg: str) -> list[float]:
    return [float(v) for v in re.findall(r'class="gl"[^>]*fill-opacity="([0-9.]+)"', svg)]


def test_a_squat_jump_glows_at_the_dip_not_standing_or_in_the_air(library: Library) -> None:
    spec = load_figures()["squat_jump"]
    assert [k.name for k in spec.keyframes] == ["start", "dip", "end"]
    assert spec.peak == pytest.approx(0.5)
    exercise = library.get("squat_jump")
    drawn = render(spec, exercise.name, timing_for(exercise))
    moving = _glute_opacities(drawn.animated.svg)
    assert moving[0] == pytest.approx(0.2)  # standing, before the dip
    assert max(moving) >= 0.8  # on the way through the dip
    # the still pair: the start faint behind, the end (in the air, the push done) at rest too
    assert _glute_opacities(drawn.still.svg) == pytest.approx([0.2, 0.2])


def test_a_bridge_still_glows_at_its_top_and_a_hinge_drill_at_its_start(library: Library) -> None:
    figures = load_figures()
    assert figures["glute_bridge"].peak == 1.0
    assert figures["hip_hinge_drill"].peak == 0.0
    exercise = library.get("glute_bridge")
    assert _glute_opacities(render(figures["glute_bridge"], exercise.name, timing_for(exercise)).still.svg) == [
        pytest.approx(0.2),
        pytest.approx(1.0),
    ]


def test_a_peak_that_names_no_keyframe_is_refused_by_name(tmp_path: Path, library: Library) -> None:
    entries = yaml.safe_load((library_dir() / "figures.yaml").read_text())["figures"]
    changed = [({**f, "peak": "bottom"} if f["exercise"] == "squat_jump" else f) for f in entries]
    path = tmp_path / "figures.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "figures": changed}))
    with pytest.raises(LibraryError) as raised:
        read_figures(library, path, check=False)
    named = [p for p in raised.value.problems if p.startswith("figures.yaml: squat_jump: peak:")]
    assert named and "'bottom'" in named[0] and "start, dip, end" in named[0], raised.value.problems
