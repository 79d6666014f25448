"""Plain words for the ids the domain uses, for people rather than programmers."""

from __future__ import annotations

from gluterx.domain.anatomy import Muscle
from gluterx.domain.dose import Band
from gluterx.domain.exercise import Equipment, Pattern
from gluterx.domain.profile import Experience, Goal, PainRegion, Side

PAIN_REGIONS: dict[str, str] = {
    PainRegion.LOWER_BACK: "Lower back",
    PainRegion.HIP: "Hip",
    PainRegion.KNEE: "Knee",
    PainRegion.BUTTOCK: "Buttock",
    PainRegion.GROIN: "Groin",
    PainRegion.HAMSTRING: "Back of the thigh (hamstring)",
}
SIDES: dict[str, str] = {Side.BOTH: "Both sides or the middle", Side.LEFT: "Left", Side.RIGHT: "Right"}
GOALS: dict[str, str] = {
    Goal.PAIN_RELIEF: "Less pain",
    Goal.POSTURE: "Better posture",
    Goal.INJURY_PREVENTION: "Fewer injuries",
    Goal.PERFORMANCE: "Sport and running performance",
    Goal.FAT_LOSS: "Lose fat",
    Goal.BONE_HEALTH: "Stronger bones",
    Goal.AESTHETICS: "Shape and tone",
}
EQUIPMENT: dict[str, str] = {
    Equipment.MINI_BAND: "Mini band (a small loop band)",
    Equipment.LONG_BAND: "Long resistance band",
    Equipment.DUMBBELLS: "Dumbbells",
    Equipment.KETTLEBELL: "Kettlebell",
    Equipment.BARBELL: "Barbell and plates",
    Equipment.BENCH: "Bench (or a sturdy sofa)",
    Equipment.STEP: "Step or low box",
    Equipment.CABLE_MACHINE: "Cable machine (gym)",
    Equipment.BACK_EXTENSION_BENCH: "Back-extension bench (gym)",
    Equipment.POOL: "Swimming pool",
}
EXPERIENCE: dict[str, str] = {
    Experience.NONE: "None yet: I'm new to strength exercise",
    Experience.BEGINNER: "Beginner: I've done some, on and off",
    Experience.INTERMEDIATE: "Intermediate: I've trained regularly for a year or more",
    Experience.ADVANCED: "Advanced: I've trained seriously for several years",
}
FLAG_GROUPS: dict[str, str] = {
    "nerves": "Nerves, bladder and bowel",
    "injury": "Falls and injuries",
    "infection": "Infection",
    "general": "Your general health",
    "circulation": "Blood flow",
    "other": "Other signs",
    "health": "Conditions that change how we start",
    "activity_readiness": "Ready for more activity?",
}
FELT_IN: dict[str, str] = {
    "glutes": "Glutes (buttocks)",
    "hamstrings": "Back of the thighs",
    "lower_back": "Lower back",
    "quads": "Front of the thighs",
    "knees": "Knees",
    "hips": "Hips",
    "other": "Somewhere else",
}
BANDS: dict[str, str] = {b.value: b.words.capitalize() for b in Band}
PATTERNS: dict[str, str] = {p.value: p.value.replace("_", " ").capitalize() for p in Pattern}
MUSCLES: dict[str, str] = {m.value: m.label.capitalize() for m in Muscle}
ACTIONS: dict[str, str] = {
    "start": "Starting point",
    "progress_reps": "A few more reps",
    "progress_load": "More weight",
    "progress_band": "A stronger band",
    "progress_exercise": "A harder exercise",
    "hold": "Same again",
    "confirm": "Once more to confirm",
    "refer": "Worth showing a physiotherapist",
    "regress_load": "Lighter",
    "regress_sets": "Fewer sets",
    "regress_exercise": "An easier exercise",
    "cue": "A new cue to try",
    "swap": "A different exercise",
    "deload": "An easier week",
    "resume": "Welcome back",
    "recorded": "Recorded",
}
URGENCY: dict[str, str] = {
    "emergency": "Get help now",
    "urgent": "See a doctor today",
    "soon": "Book an appointment soon",
}
