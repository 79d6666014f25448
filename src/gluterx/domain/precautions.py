"""Precautions: what a person's health conditions, age and pain rule out, when, why, and who says so.

`precautions(profile)` turns the profile (its conditions, age, pain and the screening flags that name the same
conditions) into typed `Precaution` values. Each one carries the limits it puts on exercises (by exercise attribute:
body position, hip positions, balance demand without a supported option, stance, spinal load, category), the phases in
which each limit holds, the reason in plain words, what the person is told to do in daily life, what it adds to the
programme (pelvic-floor or balance work, supported options) and the source ids of the evidence registry.

The screening (`domain/screening.py`) holds them, and `Screening.allows` reads them, so the planner and the
progression engine obey one rule. A pregnancy or a profile update (a new trimester) is a new profile: re-plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from gluterx.domain.anatomy import Muscle, Side
from gluterx.domain.conditions import (
    Approach,
    Birth,
    ConditionId,
    FallsLastYear,
    GlutealTendinopathy,
    HipReplacement,
    Postnatal,
    Pregnancy,
)
from gluterx.domain.exercise import (
    BalanceDemand,
    Category,
    Exercise,
    Grade,
    HipPosition,
    Measure,
    Pattern,
    Position,
)
from gluterx.domain.profile import PainRegion, Profile

__all__ = [
    "ALL_PHASES",
    "BALANCE_AGE",
    "BALANCE_DAYS_PER_WEEK",
    "FLOOR_KNEE_PAIN_MIN",
    "Addition",
    "Balance",
    "Categories",
    "HipPositions",
    "ItemNotes",
    "Limit",
    "Movement",
    "Movements",
    "Positions",
    "Precaution",
    "PrecautionId",
    "Rule",
    "SpinalLoad",
    "item_notes",
    "needs",
    "precautions",
    "supported_wanted",
]

ALL_PHASES = frozenset({1, 2, 3})
_PHASE_1 = frozenset({1})
_PHASES_1_2 = frozenset({1, 2})
_PHASE_3 = frozenset({3})

# WHO 2020: adults 65 and older do varied activity that puts balance and strength first on 3 or more days a week
# (bull2020).
BALANCE_AGE = 65
BALANCE_DAYS_PER_WEEK = 3
# Knee pain at or above this keeps a person with knee osteoarthritis off the floor and off their knees: the level at
# which the screening already limits loaded knee bending (silbernagel2007, gluterx_policy).
FLOOR_KNEE_PAIN_MIN = 5
# Anterior-approach hip precautions are kept for the first weeks after surgery; most protocols run 6-12 weeks
# (eannucci2019). We keep them for 3 months.
EARLY_HIP_REPLACEMENT_MONTHS = 3
# No running, jumping or other impact before 12 weeks after giving birth (goom2019).
POSTNATAL_IMPACT_WEEKS = 12
# Heavy lifting waits after a caesarean; we keep spinal load low for the first 12 weeks (gluterx_policy).
CAESAREAN_LOAD_WEEKS = 12


class PrecautionId(StrEnum):
    HIP_REPLACEMENT_POSTERIOR = "hip_replacement_posterior"
    HIP_REPLACEMENT_ANTERIOR = "hip_replacement_anterior"
    HIP_REPLACEMENT_CROSSING = "hip_replacement_crossing"
    HIP_REPLACEMENT_LATERAL = "hip_replacement_lateral"
    PREGNANCY_LOAD = "pregnancy_load"
    PREGNANCY_PRONE = "pregnancy_prone"
    PREGNANCY_SUPINE = "pregnancy_supine"
    PREGNANCY_WARNING_SIGNS = "pregnancy_warning_signs"
    PELVIC_FLOOR = "pelvic_floor"
    PELVIC_GIRDLE_PAIN = "pelvic_girdle_pain"
    POSTNATAL_IMPACT = "postnatal_impact"
    POSTNATAL_CAESAREAN = "postnatal_caesarean"
    TENDINOPATHY_COMPRESSION = "tendinopathy_compression"
    TENDINOPATHY_ISOMETRIC_START = "tendinopathy_isometric_start"
    TENDINOPATHY_SIDE_LYING = "tendinopathy_side_lying"
    KNEE_FLOOR = "knee_floor"
    FALL_RISK = "fall_risk"
    BALANCE_WORK = "balance_work"
    OSTEOPOROSIS_SPINE = "osteoporosis_spine"
    NERVE_TENSION = "nerve_tension"
    HIP_OSTEOARTHRITIS = "hip_osteoarthritis"


class Addition(StrEnum):
    """Work a precaution adds to the programme."""

    PELVIC_FLOOR = "pelvic_floor"
    BALANCE = "balance"


class Movement(StrEnum):
    """Movements read from several exercise attributes at once."""

    SPLIT_STANCE = "split_stance"  # lunges, split squats, step-ups: one foot in front of or above the other
    SINGLE_LEG_STANCE = "single_leg_stance"  # standing on one leg while the other works or hovers
    WIDE_STANCE = "wide_stance"  # stepping or pushing the legs apart while standing
    DYNAMIC_ABDUCTION = "dynamic_abduction"  # moving the leg out to the side (not a hold)
    EXTENSION_WITH_EXTERNAL_ROTATION = "extension_with_external_rotation"  # hip extension with the knees turned out
    NERVE_TENSION_STRETCH = "nerve_tension_stretch"  # a held stretch with the hip bent past 90 degrees
    HIP_FLEXOR_STRETCH = "hip_flexor_stretch"  # a held stretch that takes the hip back into extension


_STANDING = frozenset({Position.STANDING, Position.HALF_KNEELING})


def _split(ex: Exercise) -> bool:
    return bool({Pattern.LUNGE, Pattern.STEP} & set(ex.patterns))


def _single_leg(ex: Exercise) -> bool:
    return ex.position is Position.STANDING and ex.unilateral and ex.category is not Category.MOBILITY


def _moving_abduction(ex: Exercise) -> bool:
    """Moving the leg out to the side in repetitions (not a hold, nor a balance stance)."""
    return Pattern.HIP_ABDUCTION in ex.patterns and not ex.isometric and ex.dose is Measure.REPS


def _wide(ex: Exercise) -> bool:
    return ex.position in _STANDING and _moving_abduction(ex) and not ex.unilateral


_MOVES: dict[Movement, Callable[[Exercise], bool]] = {
    Movement.SPLIT_STANCE: _split,
    Movement.SINGLE_LEG_STANCE: _single_leg,
    Movement.WIDE_STANCE: _wide,
    Movement.DYNAMIC_ABDUCTION: _moving_abduction,
    Movement.EXTENSION_WITH_EXTERNAL_ROTATION: lambda ex: (
        {Pattern.HIP_EXTENSION, Pattern.HIP_EXTERNAL_ROTATION} <= set(ex.patterns)
    ),
    Movement.NERVE_TENSION_STRETCH: lambda ex: (
        ex.category is Category.MOBILITY and HipPosition.FLEXION_OVER_90 in ex.hip_positions
    ),
    Movement.HIP_FLEXOR_STRETCH: lambda ex: (
        ex.category is Category.MOBILITY and Muscle.HIP_FLEXORS in ex.primary_muscles
    ),
}


def moves(ex: Exercise) -> frozenset[Movement]:
    """The movements `ex` makes, of those precautions name."""
    return frozenset(m for m, test in _MOVES.items() if test(ex))


@dataclass(frozen=True, slots=True)
class Positions:
    """Body positions to stay out of."""

    positions: frozenset[Position]

    def excludes(self, ex: Exercise) -> bool:
        return ex.position in self.positions


@dataclass(frozen=True, slots=True)
class HipPositions:
    """Hip positions to stay out of."""

    positions: frozenset[HipPosition]

    def excludes(self, ex: Exercise) -> bool:
        return bool(ex.hip_positions & self.positions)


@dataclass(frozen=True, slots=True)
class Movements:
    """Movements to leave out."""

    movements: frozenset[Movement]

    def excludes(self, ex: Exercise) -> bool:
        return bool(moves(ex) & self.movements)


@dataclass(frozen=True, slots=True)
class Balance:
    """No balance demand above `most`, nor a split stance, unless it can be done holding on."""

    most: BalanceDemand

    def excludes(self, ex: Exercise) -> bool:
        demanding = ex.balance_demand.rank > self.most.rank or Movement.SPLIT_STANCE in moves(ex)
        return demanding and ex.supported_option is None


@dataclass(frozen=True, slots=True)
class SpinalLoad:
    """No spinal load above `most`."""

    most: Grade

    def excludes(self, ex: Exercise) -> bool:
        return ex.spinal_load.rank > self.most.rank


@dataclass(frozen=True, slots=True)
class Categories:
    """Categories of exercise to leave out."""

    categories: frozenset[Category]

    def excludes(self, ex: Exercise) -> bool:
        return ex.category in self.categories


Limit = Positions | HipPositions | Movements | Balance | SpinalLoad | Categories


@dataclass(frozen=True, slots=True)
class Rule:
    """A limit and the phases it holds in."""

    limit: Limit
    phases: frozenset[int]

    def excludes(self, ex: Exercise, phase: int) -> bool:
        return phase in self.phases and self.limit.excludes(ex)


@dataclass(frozen=True, slots=True)
class Precaution:
    """One precaution: its limits by phase, why (plain words), what to do in daily life, what it adds, and sources."""

    id: PrecautionId
    condition: ConditionId | None
    reason: str
    sources: tuple[str, ...]
    rules: tuple[Rule, ...] = ()
    advice: tuple[str, ...] = ()
    adds: frozenset[Addition] = frozenset()
    supported: bool = False  # show (and prefer) the supported option where an exercise has one

    def excludes(self, ex: Exercise, phase: int) -> bool:
        """True if `ex` breaks one of this precaution's limits in `phase`."""
        return any(r.excludes(ex, phase) for r in self.rules)


def needs(found: tuple[Precaution, ...], addition: Addition) -> bool:
    """True if any precaution adds `addition` to the programme."""
    return any(addition in p.adds for p in found)


def supported_wanted(found: tuple[Precaution, ...]) -> bool:
    """True if balance is a concern: show each exercise's supported option."""
    return any(p.supported for p in found)


@dataclass(frozen=True, slots=True)
class ItemNotes:
    """What a person is told beside one exercise: its own caution note, and how to do it holding on."""

    caution: str | None = None
    supported_option: str | None = None


def _notes_speak_to(profile: Profile, found: tuple[Precaution, ...]) -> bool:
    """An exercise's caution notes speak to people in pain, with a health condition or flag, or older."""
    return bool(found or profile.conditions or profile.red_flags or profile.worst_pain or profile.age >= BALANCE_AGE)


def item_notes(ex: Exercise, profile: Profile, found: tuple[Precaution, ...]) -> ItemNotes:
    """The exercise's contraindication note when it applies to this person, and its supported option when balance
    is a concern (a fall-risk precaution)."""
    caution = ex.contraindication_notes.strip() if _notes_speak_to(profile, found) else ""
    supported = ex.supported_option if supported_wanted(found) and ex.balance_demand is not BalanceDemand.NONE else None
    return ItemNotes(caution or None, supported)


# --- what each condition rules out ---------------------------------------------------------------------------------

_FLOOR = frozenset(p for p in Position if p.on_the_floor)
_SURGEON = (
    "Your surgeon's and physiotherapist's own instructions come first: if they differ from this plan, follow theirs "
    "and tell us, and we will leave out anything they have ruled out."
)
_WARNING_SIGNS = (
    "Stop exercising and contact your midwife or doctor straight away if you have any of these: bleeding from the "
    "vagina; regular, painful tightenings (contractions); fluid leaking from the vagina; feeling short of breath "
    "before you start; dizziness or feeling faint; a headache; chest pain; weakness that affects your balance; pain "
    "or swelling in a calf; your baby moving less than usual."
)
_TENDON_DAILY_LIFE = (
    "Try not to cross your legs, whether sitting or standing.",
    "Stand with your weight evenly on both feet, rather than hanging on one hip.",
    "Try not to lie on the painful side; on the other side, a pillow between your knees keeps the top leg from "
    "dropping across.",
    "Choose chairs high enough that your knees stay below your hips, and sit with your knees apart.",
)
_BALANCE_ADVICE = (
    f"Do some balance work on at least {BALANCE_DAYS_PER_WEEK} days a week. Your sessions include it; on other days "
    "you can stand on one leg while holding the kitchen counter, for example while the kettle boils."
)


def _hip_replacement(c: HipReplacement) -> list[Precaution]:
    side = _hip_words(c.side)
    out = [
        Precaution(
            PrecautionId.HIP_REPLACEMENT_CROSSING,
            ConditionId.HIP_REPLACEMENT,
            f"After your hip replacement ({side}), we leave out exercises and stretches that cross one leg over the "
            "other.",
            ("eannucci2019", "hip_precautions_by_approach"),
            (Rule(HipPositions(frozenset({HipPosition.CROSSED_LEGS})), ALL_PHASES),),
            (_SURGEON,),
        )
    ]
    if c.approach in (Approach.POSTERIOR, Approach.UNKNOWN, Approach.LATERAL):
        how = {
            Approach.POSTERIOR: "from the back (posterior approach)",
            Approach.LATERAL: "from the side (lateral approach)",
            Approach.UNKNOWN: "and we do not know which approach your surgeon used, so we take the stricter rules",
        }[c.approach]
        out.append(
            Precaution(
                PrecautionId.HIP_REPLACEMENT_POSTERIOR,
                ConditionId.HIP_REPLACEMENT,
                f"Your hip was replaced {how}. So we keep out every position that bends the hip past a right angle, "
                "brings the knee across the middle of your body or turns the leg inwards: together they are the "
                "positions in which a new hip can dislocate.",
                ("eannucci2019", "hip_precautions_by_approach"),
                (
                    Rule(
                        HipPositions(
                            frozenset(
                                {
                                    HipPosition.FLEXION_OVER_90,
                                    HipPosition.ADDUCTION_PAST_MIDLINE,
                                    HipPosition.INTERNAL_ROTATION,
                                }
                            )
                        ),
                        ALL_PHASES,
                    ),
                ),
                (_SURGEON,),
            )
        )
    if c.approach is Approach.LATERAL and c.months_since < EARLY_HIP_REPLACEMENT_MONTHS:
        out.append(
            Precaution(
                PrecautionId.HIP_REPLACEMENT_LATERAL,
                ConditionId.HIP_REPLACEMENT,
                f"Your hip was replaced from the side {c.months_since} months ago, through the muscles that lift the "
                f"leg out to the side. For the first {EARLY_HIP_REPLACEMENT_MONTHS} months they heal: we work them "
                "only with gentle holds, not by moving the leg out to the side.",
                ("hip_precautions_by_approach", "gluterx_policy"),
                (Rule(Movements(frozenset({Movement.DYNAMIC_ABDUCTION})), ALL_PHASES),),
                (_SURGEON,),
            )
        )
    if c.approach is Approach.ANTERIOR and c.months_since < EARLY_HIP_REPLACEMENT_MONTHS:
        out.append(
            Precaution(
                PrecautionId.HIP_REPLACEMENT_ANTERIOR,
                ConditionId.HIP_REPLACEMENT,
                f"Your hip was replaced from the front (anterior approach) {c.months_since} months ago. For the first "
                f"{EARLY_HIP_REPLACEMENT_MONTHS} months we leave out exercises that push the hip back while the "
                "knee turns out, and stretches that take the hip far back: they strain the front of a new hip.",
                ("hip_precautions_by_approach", "eannucci2019"),
                (
                    Rule(
                        Movements(frozenset({Movement.EXTENSION_WITH_EXTERNAL_ROTATION, Movement.HIP_FLEXOR_STRETCH})),
                        ALL_PHASES,
                    ),
                ),
                (_SURGEON,),
            )
        )
    return out


def _pregnancy_load(because: str) -> Precaution:
    return Precaution(
        PrecautionId.PREGNANCY_LOAD,
        ConditionId.PREGNANCY,
        f"{because}, we leave out jumps and other fast, jarring moves and heavy loads on your spine.",
        ("acog804", "warburton2011"),
        (
            Rule(SpinalLoad(Grade.MODERATE), ALL_PHASES),
            Rule(Categories(frozenset({Category.POWER})), ALL_PHASES),
        ),
    )


def _pelvic_floor(because: str) -> Precaution:
    return Precaution(
        PrecautionId.PELVIC_FLOOR,
        None,
        f"{because}, every session includes pelvic-floor exercises: they help prevent leaking urine during and after "
        "pregnancy.",
        ("nice_ng210", "woodley2020", "acog804"),
        adds=frozenset({Addition.PELVIC_FLOOR}),
    )


def _pregnancy(c: Pregnancy | None, pelvic_girdle_pain: bool) -> list[Precaution]:
    """`c` is None when only the screening flag says 'pregnant or given birth in the last 12 weeks': then we do not
    know the trimester and keep the rules for after the first one (the stricter ones)."""
    because = "Because you are pregnant" if c is not None else "Because you are pregnant or have recently given birth"
    out = [
        _pregnancy_load(because),
        _pelvic_floor(because),
        Precaution(
            PrecautionId.PREGNANCY_WARNING_SIGNS,
            ConditionId.PREGNANCY,
            "Exercise is safe and good for you and your baby in a healthy pregnancy; a few signs mean stop and get "
            "checked.",
            ("acog804",),
            advice=(_WARNING_SIGNS,),
        ),
    ]
    if c is None or c.trimester >= 2:
        stage = (
            f"You are in trimester {c.trimester}"
            if c is not None
            else "We do not know how far along your pregnancy is, so we take the rules for after the first three months"
        )
        out.append(
            Precaution(
                PrecautionId.PREGNANCY_PRONE,
                ConditionId.PREGNANCY,
                f"{stage}: nothing is done lying on your front.",
                ("acog804", "gluterx_policy"),
                (Rule(Positions(frozenset({Position.PRONE})), ALL_PHASES),),
            )
        )
        out.append(
            Precaution(
                PrecautionId.PREGNANCY_SUPINE,
                ConditionId.PREGNANCY,
                "Lying flat on your back for long can press on a large blood vein and leave you dizzy, so we swap "
                "exercises done lying on your back for versions done on your side, propped up or standing.",
                ("acog804",),
                (Rule(Positions(frozenset({Position.SUPINE})), ALL_PHASES),),
                ("If you feel dizzy, sick or light-headed lying down, roll onto your left side and rest.",),
            )
        )
    if pelvic_girdle_pain:
        out.append(
            Precaution(
                PrecautionId.PELVIC_GIRDLE_PAIN,
                ConditionId.PELVIC_GIRDLE_PAIN,
                "With pelvic girdle pain, both legs work together with the knees close: no lunges, split squats, "
                "step-ups, standing on one leg or pushing the legs wide apart, which pull the two halves of the pelvis "
                "against each other.",
                ("pogp_pgp", "gluterx_policy"),
                (
                    Rule(
                        Movements(frozenset({Movement.SPLIT_STANCE, Movement.SINGLE_LEG_STANCE, Movement.WIDE_STANCE})),
                        ALL_PHASES,
                    ),
                ),
                (
                    "Keep your knees together when you get in and out of a car or bed, and take stairs one step at a "
                    "time if they hurt.",
                ),
            )
        )
    return out


def _postnatal(c: Postnatal, pelvic_girdle_pain: bool) -> list[Precaution]:
    because = f"You gave birth {c.weeks_since} weeks ago"
    out = [_pelvic_floor(f"Because you gave birth {c.weeks_since} weeks ago")]
    if c.weeks_since < POSTNATAL_IMPACT_WEEKS:
        out.append(
            Precaution(
                PrecautionId.POSTNATAL_IMPACT,
                ConditionId.POSTNATAL,
                f"{because}. Jumps, hops and other impact wait until at least {POSTNATAL_IMPACT_WEEKS} weeks after "
                "the birth, once your pelvic floor has had time to recover; we leave them out of this programme.",
                ("goom2019", "acog804"),
                (Rule(Categories(frozenset({Category.POWER})), ALL_PHASES),),
                (
                    "If you leak urine, feel heaviness or dragging in your vagina, or your tummy bulges along the "
                    "middle when you exercise, ease off and ask your GP for a referral to a pelvic health "
                    "physiotherapist.",
                ),
            )
        )
    if c.birth is Birth.CAESAREAN and c.weeks_since < CAESAREAN_LOAD_WEEKS:
        out.append(
            Precaution(
                PrecautionId.POSTNATAL_CAESAREAN,
                ConditionId.POSTNATAL,
                f"{because} by caesarean. While the scar heals we keep loads on your spine and tummy light in the "
                "first two phases.",
                ("acog804", "gluterx_policy"),
                (Rule(SpinalLoad(Grade.LOW), _PHASES_1_2), Rule(SpinalLoad(Grade.MODERATE), _PHASE_3)),
            )
        )
    if pelvic_girdle_pain:
        out += [p for p in _pregnancy(None, True) if p.id is PrecautionId.PELVIC_GIRDLE_PAIN]
    return out


def _hip_words(side: Side) -> str:
    return "your hips" if side is Side.BOTH else f"your {side.value} hip"


def _tendinopathy(side: Side) -> list[Precaution]:
    where = _hip_words(side)
    return [
        Precaution(
            PrecautionId.TENDINOPATHY_COMPRESSION,
            ConditionId.GLUTEAL_TENDINOPATHY,
            f"The tendons on the side of {where} are sore. Positions that bring the knee across the middle of the "
            "body squeeze those tendons against the bone, so we leave out every exercise and stretch that does.",
            ("mellor2018", "grimaldi2015"),
            (
                Rule(
                    HipPositions(frozenset({HipPosition.ADDUCTION_PAST_MIDLINE, HipPosition.CROSSED_LEGS})),
                    ALL_PHASES,
                ),
            ),
            _TENDON_DAILY_LIFE,
        ),
        Precaution(
            PrecautionId.TENDINOPATHY_ISOMETRIC_START,
            ConditionId.GLUTEAL_TENDINOPATHY,
            "We start with holds: pressing the leg gently out to the side and holding it still, with the hip straight."
            " This calms a sore tendon; moving the leg out to the side comes in the next phase.",
            ("mellor2018", "grimaldi2015"),
            (Rule(Movements(frozenset({Movement.DYNAMIC_ABDUCTION})), _PHASE_1),),
        ),
        Precaution(
            PrecautionId.TENDINOPATHY_SIDE_LYING,
            ConditionId.GLUTEAL_TENDINOPATHY,
            "Exercises lying on your side press on the tendons or stretch them over the bone, so they wait until the "
            "last phase, once the tendon has got used to the load.",
            ("mellor2018", "grimaldi2015"),
            (Rule(Positions(frozenset({Position.SIDE_LYING})), _PHASES_1_2),),
        ),
    ]


def _falls(profile: Profile) -> tuple[int, list[str]]:
    found = profile.condition(ConditionId.FALLS_LAST_YEAR)
    falls = found.count if isinstance(found, FallsLastYear) else 0
    why = []
    if profile.age >= BALANCE_AGE:
        why.append(f"you are {profile.age}")
    if falls:
        why.append(f"you have fallen {'once' if falls == 1 else f'{falls} times'} in the last year")
    return falls, why


def _older_and_bones(profile: Profile, bones: bool) -> list[Precaution]:
    out: list[Precaution] = []
    falls, why = _falls(profile)
    if bones:
        why.append("a fall matters more with thinner bones")
    knee = profile.pain_in(PainRegion.KNEE)
    knee_joint = profile.has(ConditionId.KNEE_OSTEOARTHRITIS) or profile.has(ConditionId.KNEE_REPLACEMENT)
    if knee >= FLOOR_KNEE_PAIN_MIN and (knee_joint or profile.age >= BALANCE_AGE):
        out.append(
            Precaution(
                PrecautionId.KNEE_FLOOR,
                ConditionId.KNEE_OSTEOARTHRITIS if knee_joint else None,
                f"Your knee pain is {knee}/10, so everything is done standing or sitting: no kneeling, and no getting "
                "down to the floor and back up, while the knee is this sore.",
                ("bannuru2019", "nice_ng226", "gluterx_policy"),
                (Rule(Positions(_FLOOR), ALL_PHASES),),
            )
        )
    if why:
        out.append(
            Precaution(
                PrecautionId.FALL_RISK,
                ConditionId.FALLS_LAST_YEAR if falls else None,
                f"Because {' and '.join(why)}, exercises that test your balance are done holding on to something "
                "steady (a kitchen counter, a sturdy chair or a wall), and any that cannot be are left out.",
                ("bull2020", "giangregorio2014", "gluterx_policy"),
                (Rule(Balance(BalanceDemand.LOW), ALL_PHASES),),
                supported=True,
            )
        )
        out.append(
            Precaution(
                PrecautionId.BALANCE_WORK,
                None,
                f"Balance training lowers the chance of a fall: your sessions include a balance exercise, and we ask "
                f"for balance work on at least {BALANCE_DAYS_PER_WEEK} days a week.",
                ("bull2020", "giangregorio2014"),
                advice=(_BALANCE_ADVICE,),
                adds=frozenset({Addition.BALANCE}),
            )
        )
    return out


def _bones(profile: Profile) -> Precaution | None:
    names = []
    if profile.has(ConditionId.OSTEOPOROSIS) or "osteoporosis" in profile.red_flags:
        names.append("osteoporosis")
    if "long_term_steroids" in profile.red_flags:
        names.append("long-term steroid use")
    if not names:
        return None
    return Precaution(
        PrecautionId.OSTEOPOROSIS_SPINE,
        ConditionId.OSTEOPOROSIS,
        f"Because of {' and '.join(names)}, we keep loads on your spine light in the first two phases and never "
        "heavy, and leave out jumps at first. Bend from the hips with a straight back, never by rounding the back "
        "under a load.",
        ("giangregorio2014", "ahcpr_redflags"),
        (
            Rule(SpinalLoad(Grade.LOW), _PHASES_1_2),
            Rule(SpinalLoad(Grade.MODERATE), _PHASE_3),
            Rule(Categories(frozenset({Category.POWER})), _PHASES_1_2),
        ),
        (
            "When you lift anything, bend at the hips and knees and keep your back straight; do not twist while lifting.",
        ),
    )


def _nerve(profile: Profile) -> Precaution | None:
    if not (profile.has(ConditionId.RADICULAR_LEG_PAIN) or "symptoms_below_knee" in profile.red_flags):
        return None
    return Precaution(
        PrecautionId.NERVE_TENSION,
        ConditionId.RADICULAR_LEG_PAIN,
        "Your leg pain comes from an irritated nerve. Holding a deep hip bend stretches that nerve, so we leave out "
        "long-held stretches that bend the hip past a right angle. If your leg symptoms spread further down the leg, "
        "ease off and tell us in the session log.",
        ("nice_ng59", "gluterx_policy"),
        (Rule(Movements(frozenset({Movement.NERVE_TENSION_STRETCH})), ALL_PHASES),),
    )


def _hip_osteoarthritis(profile: Profile) -> Precaution | None:
    if not profile.has(ConditionId.HIP_OSTEOARTHRITIS):
        return None
    return Precaution(
        PrecautionId.HIP_OSTEOARTHRITIS,
        ConditionId.HIP_OSTEOARTHRITIS,
        "Exercise to strengthen the muscles around the hip is the main treatment for hip osteoarthritis. Some aching "
        "while you exercise is fine if it settles by the next day, and we build up gradually.",
        ("bannuru2019", "nice_ng226"),
        advice=(
            "Keep moving on most days: walking, cycling or swimming, as well as these sessions. If the hip flares, "
            "do less for a few days rather than stopping altogether.",
        ),
    )


def precautions(profile: Profile) -> tuple[Precaution, ...]:
    """Every precaution that applies to the person, most specific condition first, each id once."""
    out: list[Precaution] = []
    pgp = profile.has(ConditionId.PELVIC_GIRDLE_PAIN)
    for condition in profile.conditions:
        if isinstance(condition, HipReplacement):
            out += _hip_replacement(condition)
        elif isinstance(condition, Pregnancy):
            out += _pregnancy(condition, pgp)
        elif isinstance(condition, Postnatal) and not profile.has(ConditionId.PREGNANCY):
            out += _postnatal(condition, pgp)
    if "pregnancy" in profile.red_flags and not (
        profile.has(ConditionId.PREGNANCY) or profile.has(ConditionId.POSTNATAL)
    ):
        out += _pregnancy(None, pgp)
    elif pgp and not (profile.has(ConditionId.PREGNANCY) or profile.has(ConditionId.POSTNATAL)):
        out += [p for p in _pregnancy(None, True) if p.id is PrecautionId.PELVIC_GIRDLE_PAIN]
    tendon = profile.condition(ConditionId.GLUTEAL_TENDINOPATHY)
    if isinstance(tendon, GlutealTendinopathy):
        out += _tendinopathy(tendon.side)
    bones = _bones(profile)
    out += _older_and_bones(profile, bones is not None)
    out += [p for p in (bones, _nerve(profile), _hip_osteoarthritis(profile)) if p is not None]
    return tuple({p.id: p for p in out}.values())
