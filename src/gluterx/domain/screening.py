"""Screening: a profile -> a referral (see a clinician first), or cautions and contraindications.

Red flags are yes/no questions (evidence.md §3). Any REFERRAL flag answered yes stops the programme: the
person gets the reasons and what to do now, and no exercises. CAUTION flags, severe pain and being older and
untrained give a conservative start with a notice. Pain by region and intensity, pregnancy and fragile bones
limit which exercise attributes are allowed in which phase. Single red flags are poor at diagnosis (Finucane
2020), so any one of them refers: a clinician, not this app, decides what it means.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from gluterx.domain.anatomy import Muscle
from gluterx.domain.exercise import Category, Exercise, Grade
from gluterx.domain.precautions import Precaution, precautions
from gluterx.domain.profile import Experience, PainRegion, Profile
from gluterx.domain.thresholds import OLDER_UNTRAINED_AGE, SEVERE_PAIN_CAUTION_MIN

__all__ = [
    "FLAGS",
    "FLAG_IDS",
    "Caution",
    "Contraindication",
    "Flag",
    "FlagKind",
    "Referral",
    "Screening",
    "Urgency",
    "flag",
    "screen",
    "unknown_flags",
]

# Pain in a region at or above this limits loaded exercises for that region. The pain-monitoring model puts
# pain above 5/10 in its "high risk" zone (silbernagel2007); starting the limits at 5 leaves a margin
# (gluterx_policy).
RESTRICT_PAIN_MIN = 5
# At or above this the limits tighten and last longer: the severe-pain caution's cut-off (nhs_traffic_light).
SEVERE_PAIN_MIN = SEVERE_PAIN_CAUTION_MIN.value
# Figures quoted in the questions (the questions are yes/no; the code does not compute with them).
WEIGHT_LOSS_KG = 10  # unexplained weight loss of about 10 kg ... (ahcpr_redflags, unchecked ⚠)
WEIGHT_LOSS_MONTHS = 6  # ... in 6 months (ahcpr_redflags)
FRAGILE_BONE_AGE = 70  # minor trauma counts as a fracture risk over 70 (ahcpr_redflags)
AAA_AGE = 60  # abdominal aortic aneurysm: age over 60 with a pulsating mass (ahcpr_redflags)
SCFE_AGE_BELOW = 18  # hip or knee pain and a limp: slipped capital femoral epiphysis (nhs_hip_knee_pathway)
HAEMARTHROSIS_HOURS = 2  # knee swelling within 2 h of injury: bleeding into the joint (nhs_hip_knee_pathway)
RECENT_SURGERY_MONTHS = 6  # our cut-off for "recent" surgery (gluterx_policy)
POSTNATAL_WEEKS = 12  # our cut-off for "recently given birth" (gluterx_policy)

_PHASE_1 = frozenset({1})
_PHASE_2 = frozenset({2})
_PHASES_1_2 = frozenset({1, 2})
_PHASES_1_3 = frozenset({1, 2, 3})


class FlagKind(StrEnum):
    REFERRAL = "referral"
    CAUTION = "caution"


class Urgency(StrEnum):
    """How soon a referral needs a clinician, most urgent first."""

    EMERGENCY = "emergency"  # call an ambulance / go to A&E now
    URGENT = "urgent"  # see a doctor today or within 24 h
    SOON = "soon"  # book a GP or physiotherapist within 1–2 weeks

    @property
    def rank(self) -> int:
        """0 for the most urgent."""
        return list(Urgency).index(self)


@dataclass(frozen=True, slots=True)
class Flag:
    """One yes/no screening question; `reason` is the plain sentence shown when it is answered yes."""

    id: str
    question: str
    kind: FlagKind
    reason: str
    urgency: Urgency | None
    sources: tuple[str, ...]
    group: str


def _refer(id: str, group: str, urgency: Urgency, question: str, reason: str, *sources: str) -> Flag:
    return Flag(id, question, FlagKind.REFERRAL, reason, urgency, sources, group)


def _caution(id: str, group: str, question: str, reason: str, *sources: str) -> Flag:
    return Flag(id, question, FlagKind.CAUTION, reason, None, sources, group)


_SPINE = ("ahcpr_redflags", "nice_ng59", "finucane2020")
_JOINT = ("nhs_hip_knee_pathway",)
_PARQ = ("warburton2011",)
_E, _U, _S = Urgency.EMERGENCY, Urgency.URGENT, Urgency.SOON

# fmt: off
_NERVE_FLAGS = (
    _refer(
        "bladder_control", "nerves", _E,
        "Since your pain started, have you had new trouble passing urine, or leaked urine by accident?",
        "You have new trouble passing or holding urine, which can mean pressure on the nerves at the base "
        "of the spine (cauda equina syndrome) and needs checking straight away.",
        *_SPINE,
    ),
    _refer(
        "bowel_control", "nerves", _E,
        "Since your pain started, have you lost control of your bowels without meaning to?",
        "You have lost control of your bowels, which can mean pressure on the nerves at the base of the "
        "spine (cauda equina syndrome) and needs checking straight away.",
        *_SPINE,
    ),
    _refer(
        "saddle_numbness", "nerves", _E,
        "Do you have numbness or tingling around your bottom, genitals or inner thighs (where you would sit"
        " on a saddle)?",
        "You have numbness around your bottom, genitals or inner thighs, which can mean pressure on the "
        "nerves at the base of the spine (cauda equina syndrome) and needs checking straight away.",
        *_SPINE,
    ),
    _refer(
        "both_legs", "nerves", _E,
        "Do you have pain, numbness or weakness going down both legs at the same time?",
        "You have pain or weakness in both legs, which together with back pain can mean pressure on the "
        "nerves at the base of the spine (cauda equina syndrome) and needs checking straight away.",
        *_SPINE,
    ),
    _refer(
        "worsening_weakness", "nerves", _U,
        "Is one of your legs getting weaker, or is numbness in it spreading, over days or weeks?",
        "A leg is getting weaker, or the numbness in it is spreading, which means a nerve may be under "
        "growing pressure and a doctor should check it today.",
        *_SPINE,
    ),
    _refer(
        "foot_drop", "nerves", _U,
        "Has your foot started to drop or drag, so your toes catch or your foot slaps down when you walk?",
        "Your foot has started to drop, which means a nerve may be under growing pressure and a doctor "
        "should check it today.",
        *_SPINE,
    ),
)

_INJURY_FLAGS = (
    _refer(
        "major_trauma", "injury", _U,
        "Did your pain start after a serious accident, such as a car crash or a fall from a height?",
        "Your pain started after a serious accident, so a broken bone needs to be ruled out first.",
        "ahcpr_redflags", "finucane2020", "nhs_hip_knee_pathway",
    ),
    _refer(
        "minor_fall", "injury", _U,
        f"Are you over {FRAGILE_BONE_AGE} or do you have thin bones (osteoporosis), and did new pain start "
        "after a small fall, knock or lift?",
        "New pain after a small fall or knock can be a broken bone when bones are thinner, so it needs an "
        "X-ray or a doctor's check first.",
        "ahcpr_redflags", "finucane2020",
    ),
    _refer(
        "cannot_bear_weight", "injury", _U,
        "After a fall or injury, are you unable to stand or walk on the leg, or does the hip, knee or leg "
        "look out of shape?",
        "You cannot take weight on the leg, or it looks out of shape, after an injury, so a broken bone "
        "needs to be ruled out first.",
        *_JOINT,
    ),
    _refer(
        "knee_swelling", "injury", _U,
        f"After a recent knee injury, did the knee swell up within {HAEMARTHROSIS_HOURS} hours?",
        "Your knee swelled up quickly after an injury, which can mean bleeding inside the joint from a torn"
        " ligament or a broken bone.",
        *_JOINT,
    ),
)

_INFECTION_FLAGS = (
    _refer(
        "fever", "infection", _U,
        "Along with the pain, do you have a fever, feel hot and shivery, or feel generally unwell?",
        "You have a fever or feel unwell along with the pain, which can be a sign of an infection that "
        "needs a doctor.",
        *_SPINE,
    ),
    _refer(
        "recent_infection", "infection", _U,
        "In the last few weeks, have you had a bacterial infection (such as a urine infection) or an "
        "operation on your spine, and now also have a fever?",
        "You have a fever after a recent infection or spinal operation, which can mean an infection has "
        "reached the spine.",
        *_SPINE,
    ),
    _refer(
        "infection_risk", "infection", _S,
        "Do you inject drugs, or is your immune system weakened (for example by HIV, an organ transplant, "
        "cancer treatment or medicines that damp it down)?",
        "Injecting drugs or a weakened immune system makes a spine infection more likely, so a doctor "
        "should look at your pain first.",
        *_SPINE,
    ),
    _refer(
        "hot_joint", "infection", _U,
        "Is a hip or knee hot, red and swollen?",
        "A hot, red, swollen joint can mean an infection inside the joint (septic arthritis), which needs "
        "treatment quickly.",
        *_JOINT,
    ),
)

_GENERAL_FLAGS = (
    _refer(
        "cancer_history", "general", _S,
        "Have you ever had cancer, and is this pain new since then?",
        "New pain after cancer should be checked by your doctor, to make sure it is not linked to the "
        "cancer.",
        *_SPINE, "chou2007",
    ),
    _refer(
        "weight_loss", "general", _S,
        f"Have you lost weight without trying, around {WEIGHT_LOSS_KG} kg or more in the last "
        f"{WEIGHT_LOSS_MONTHS} months?",
        "Losing weight without trying should be checked by your doctor before you start a programme.",
        "ahcpr_redflags", "finucane2020", "chou2007",
    ),
    _refer(
        "night_pain", "general", _S,
        "Is your pain constant, or does it wake you at night, without easing when you rest or change "
        "position?",
        "Pain that never eases, even at rest or at night, is not the usual pattern of muscle or joint pain,"
        " so a doctor should check it.",
        "ahcpr_redflags", "finucane2020", "nhs_hip_knee_pathway",
    ),
)

_OTHER_FLAGS = (
    _refer(
        "calf_swelling", "circulation", _U,
        "Is one of your calves swollen, warm, red or tender?",
        "A swollen, warm or red calf can be a blood clot in the leg (deep vein thrombosis), which needs a "
        "doctor the same day.",
        *_JOINT,
    ),
    _refer(
        "pulsing_tummy", "circulation", _E,
        f"Are you over {AAA_AGE} and can you feel a throbbing or pulsing in your tummy along with the back "
        "pain?",
        "A pulsing feeling in the tummy with back pain can be a swollen main blood vessel (abdominal aortic"
        " aneurysm), which is an emergency.",
        "ahcpr_redflags",
    ),
    _refer(
        "young_limp", "other", _U,
        f"Are you under {SCFE_AGE_BELOW}, with hip or knee pain and a limp?",
        "Hip or knee pain with a limp in a young person can be a slipped growth plate at the top of the "
        "thigh bone (slipped capital femoral epiphysis), which needs a doctor quickly.",
        *_JOINT,
    ),
    _refer(
        "chest_or_upper_back", "other", _S,
        "Is your pain mainly in your chest or upper back (between the shoulder blades) rather than your "
        "lower back, hips or knees?",
        "Pain mainly in the chest or upper back needs a doctor's check first (if it is a tight or heavy "
        "chest pain, or spreads to your arm, neck or jaw, call an ambulance now).",
        "ahcpr_redflags", "finucane2020",
    ),
)

_CLEARANCE = "Please get the go-ahead from your doctor or physiotherapist before you start."

_HEALTH_FLAGS = (
    _caution(
        "symptoms_below_knee", "health",
        "Does pain, pins and needles or numbness spread down your leg below the knee?",
        "Your symptoms spread below the knee, which often means an irritated nerve: we start gently and "
        "you should ease off if the leg symptoms spread further or get worse. If you have not yet been "
        "checked by a doctor or physiotherapist, please see one.",
        "nice_ng59", "gluterx_policy",
    ),
    _caution(
        "recent_surgery", "health",
        f"Have you had an operation in the last {RECENT_SURGERY_MONTHS} months?",
        "You had an operation recently, so we start gently and build up slowly, and you should follow your "
        f"surgeon's or physiotherapist's advice on what you may do. {_CLEARANCE}",
        "warburton2011", "gluterx_policy",
    ),
    _caution(
        "pregnancy", "health",
        f"Are you pregnant, or have you given birth in the last {POSTNATAL_WEEKS} weeks?",
        "Because you are pregnant or have recently given birth, we leave out jumps, heavy back loading and "
        f"other hard efforts and start gently. {_CLEARANCE}",
        "warburton2011", "gluterx_policy",
    ),
    _caution(
        "osteoporosis", "health",
        "Has a doctor told you that you have osteoporosis (thin, fragile bones)?",
        "Because of osteoporosis we start gently, keep heavy loads off your spine and leave out jumps at "
        f"first. {_CLEARANCE}",
        "ahcpr_redflags", "gluterx_policy",
    ),
    _caution(
        "long_term_steroids", "health",
        "Have you taken steroid tablets (such as prednisolone) for three months or more?",
        "Long-term steroid tablets can thin the bones, so we start gently, keep heavy loads off your spine "
        f"and leave out jumps at first. {_CLEARANCE}",
        "ahcpr_redflags", "gluterx_policy",
    ),
)

_PARQ_NOTE = "so we start slowly and build up gradually."

_PARQ_FLAGS = (
    _caution(
        "parq_heart", "activity_readiness",
        "Has a doctor ever told you that you have a heart condition or high blood pressure?",
        f"You have a heart condition or high blood pressure, {_PARQ_NOTE} {_CLEARANCE} Stop and seek help if"
        " you get chest pain, unusual breathlessness or dizziness.",
        *_PARQ,
    ),
    _caution(
        "parq_chest_pain", "activity_readiness",
        "Do you ever get chest pain, whether resting, going about your day or being active?",
        f"You sometimes get chest pain, {_PARQ_NOTE} Please have it checked by your doctor before you start,"
        " and stop at once if it comes on while you exercise.",
        *_PARQ,
    ),
    _caution(
        "parq_dizziness", "activity_readiness",
        "In the past year, have you lost your balance because you felt dizzy, or fainted?",
        f"You have had dizziness or fainting in the past year, {_PARQ_NOTE} We favour exercises done lying, "
        f"sitting or holding on. {_CLEARANCE}",
        *_PARQ,
    ),
    _caution(
        "parq_chronic_condition", "activity_readiness",
        "Apart from heart problems or high blood pressure, has a doctor diagnosed you with any other "
        "long-term health condition?",
        f"You have a long-term health condition, {_PARQ_NOTE} Check with your doctor or physiotherapist that"
        " this programme suits it.",
        *_PARQ,
    ),
    _caution(
        "parq_medication", "activity_readiness",
        "Do you take medicine prescribed for a long-term health condition?",
        f"You take medicine for a long-term condition, {_PARQ_NOTE} Ask your doctor or pharmacist whether it"
        " changes how you should exercise.",
        *_PARQ,
    ),
    _caution(
        "parq_bone_joint", "activity_readiness",
        "Apart from the pain you are telling us about, do you have (or have you had in the past year) a "
        "bone, joint, muscle, tendon or ligament problem that being more active could make worse?",
        f"You have another bone, joint or soft-tissue problem, {_PARQ_NOTE} {_CLEARANCE}",
        *_PARQ,
    ),
    _caution(
        "parq_supervision", "activity_readiness",
        "Has a doctor told you to exercise only with medical supervision?",
        "A doctor has told you to exercise only with medical supervision, so please follow this programme "
        "only with their agreement and with the supervision they advised.",
        *_PARQ,
    ),
)
# fmt: on

FLAGS: tuple[Flag, ...] = (
    *_NERVE_FLAGS,
    *_INJURY_FLAGS,
    *_INFECTION_FLAGS,
    *_GENERAL_FLAGS,
    *_OTHER_FLAGS,
    *_HEALTH_FLAGS,
    *_PARQ_FLAGS,
)
FLAG_IDS: frozenset[str] = frozenset(f.id for f in FLAGS)
_BY_ID: dict[str, Flag] = {f.id: f for f in FLAGS}


def flag(flag_id: str) -> Flag:
    """The flag with this id; KeyError naming the id when there is none."""
    try:
        return _BY_ID[flag_id]
    except KeyError:
        raise KeyError(f"unknown screening flag {flag_id!r}") from None


def unknown_flags(flag_ids: Iterable[str]) -> list[str]:
    """The ids in `flag_ids` that are not screening flags, sorted, each once."""
    return sorted(set(flag_ids) - FLAG_IDS)


@dataclass(frozen=True, slots=True)
class Referral:
    """Stop: see a clinician first. One reason per flag answered yes, and what to do now."""

    reasons: tuple[str, ...]
    urgency: Urgency
    action: str
    sources: tuple[str, ...]


_ACTIONS: dict[Urgency, str] = {
    Urgency.EMERGENCY: (
        "Please call an ambulance (999 in the UK, 112 in Europe, 911 in the US) or go to A&E now. Do not "
        "wait to see whether it gets better, and do not start exercising."
    ),
    Urgency.URGENT: (
        "Please see a doctor today, or within 24 hours at the latest (your GP, an urgent care centre or NHS"
        " 111). If it gets much worse, go to A&E. Please do not start exercising until a doctor has checked"
        " you."
    ),
    Urgency.SOON: (
        "Please book an appointment with your GP or a physiotherapist within the next 1–2 weeks and tell "
        "them what you told us. Please do not start this programme until they have checked you and say it "
        "is safe."
    ),
}


@dataclass(frozen=True, slots=True)
class Caution:
    """Train, conservatively: what it means for the programme and whom to ask first."""

    id: str
    message: str
    sources: tuple[str, ...]


_ATTRIBUTES = frozenset({"knee_flexion_load", "spinal_load", "category", "primary_muscle"})


@dataclass(frozen=True, slots=True)
class Contraindication:
    """An exercise attribute to avoid in some phases, and why."""

    attribute: str
    limit: str
    phases: frozenset[int]
    reason: str
    sources: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.attribute not in _ATTRIBUTES:
            raise ValueError(f"unknown contraindication attribute {self.attribute!r}")

    def excludes(self, exercise: Exercise) -> bool:
        """True if `exercise` breaks this limit, whatever the phase."""
        if self.attribute == "knee_flexion_load":
            return exercise.knee_flexion_load.rank > Grade(self.limit).rank
        if self.attribute == "spinal_load":
            return exercise.spinal_load.rank > Grade(self.limit).rank
        if self.attribute == "category":
            return exercise.category is Category(self.limit)
        return Muscle(self.limit) in exercise.primary_muscles


@dataclass(frozen=True)
class Screening:
    """The outcome: a referral (no programme) or cautions, contraindications (from pain) and precautions (from
    health conditions, age and the flags that name a condition)."""

    referral: Referral | None
    cautions: tuple[Caution, ...]
    contraindications: tuple[Contraindication, ...]
    precautions: tuple[Precaution, ...] = ()

    @property
    def status(self) -> str:
        return "referral" if self.referral is not None else "ok"

    @property
    def conservative(self) -> bool:
        """Any caution means a conservative start."""
        return bool(self.cautions)

    def allows(self, exercise: Exercise, phase: int) -> bool:
        """False under a referral, or when any contraindication or precaution for `phase` excludes `exercise`.

        The planner and the progression engine both ask this, so neither can choose what a precaution forbids."""
        return (
            self.referral is None
            and not self.reasons_against(exercise, phase)
            and not self.precautions_against(exercise, phase)
        )

    def precautions_against(self, exercise: Exercise, phase: int) -> tuple[Precaution, ...]:
        """The precautions that exclude `exercise` in `phase`."""
        return tuple(p for p in self.precautions if p.excludes(exercise, phase))

    def reasons_against(self, exercise: Exercise, phase: int) -> tuple[Contraindication, ...]:
        """The contraindications that apply in `phase` and exclude `exercise`."""
        return tuple(c for c in self.contraindications if phase in c.phases and c.excludes(exercise))


def screen(profile: Profile) -> Screening:
    """Screen a profile. Unknown flag ids are ignored here: check them first with unknown_flags()."""
    answered = [f for f in FLAGS if f.id in profile.red_flags]
    referral = _referral([f for f in answered if f.kind is FlagKind.REFERRAL])
    cautions = tuple(Caution(f.id, f.reason, f.sources) for f in answered if f.kind is FlagKind.CAUTION)
    return Screening(
        referral, cautions + _derived_cautions(profile), _pain_contraindications(profile), precautions(profile)
    )


def _referral(flags: list[Flag]) -> Referral | None:
    if not flags:
        return None
    urgency = min((f.urgency or Urgency.SOON for f in flags), key=lambda u: u.rank)
    sources = tuple(dict.fromkeys(s for f in flags for s in f.sources))
    return Referral(tuple(f.reason for f in flags), urgency, _ACTIONS[urgency], sources)


def _derived_cautions(profile: Profile) -> tuple[Caution, ...]:
    out: list[Caution] = []
    worst = profile.worst_pain
    if worst >= SEVERE_PAIN_CAUTION_MIN.value:
        regions = " and ".join(r.label for r in PainRegion if profile.pain_in(r) == worst)
        message = (
            f"Your {regions} pain is {worst}/10, which is severe, so we start very gently, with short "
            "sessions and easy exercises, and build up only as the pain settles. If a doctor or "
            "physiotherapist has not checked this pain yet, please see one before you start, and again if it "
            "gets worse or does not begin to ease within a few weeks."
        )
        out.append(Caution("severe_pain", message, ("nhs_traffic_light",)))
    if profile.age >= OLDER_UNTRAINED_AGE.value and profile.experience is Experience.NONE:
        message = (
            f"You are {profile.age} and new to strength training, so we start gently and build up slowly. If"
            " you have any health conditions, please check with your doctor or physiotherapist first."
        )
        out.append(Caution("older_untrained", message, ("gluterx_policy", "warburton2011")))
    return tuple(out)


_PAIN_SOURCES = ("silbernagel2007", "gluterx_policy")
_SEVERE_SOURCES = ("silbernagel2007", "nhs_traffic_light", "gluterx_policy")
_POWER_REGIONS = (
    PainRegion.LOWER_BACK,
    PainRegion.HIP,
    PainRegion.KNEE,
    PainRegion.BUTTOCK,
    PainRegion.GROIN,
)
_DEEP_KNEE = "deep, loaded knee bending (such as deep squats and lunges)"
_DEEP_HIP = "deep, loaded hip bending (such as deep squats and lunges)"
_BACK_EASY = "exercises that go easy on your lower back"
_POWER = "jumps, swings or other fast, explosive moves"


def _pain_contraindications(profile: Profile) -> tuple[Contraindication, ...]:
    out: list[Contraindication] = []
    knee = profile.pain_in(PainRegion.KNEE)
    says = f"Your knee pain is {knee}/10, so"
    if knee >= RESTRICT_PAIN_MIN:
        out.append(_limit("knee_flexion_load", "moderate", _PHASE_1, f"{says} no {_DEEP_KNEE} yet"))
    if knee >= SEVERE_PAIN_MIN:
        light, later = f"{says} only light knee bending at first", f"{says} no {_DEEP_KNEE} in phase 2 either"
        out.append(_limit("knee_flexion_load", "low", _PHASE_1, light, True))
        out.append(_limit("knee_flexion_load", "moderate", _PHASE_2, later, True))
    back = profile.pain_in(PainRegion.LOWER_BACK)
    says = f"Your lower back pain is {back}/10, so only {_BACK_EASY}"
    if back >= RESTRICT_PAIN_MIN:
        out.append(_limit("spinal_load", "low", _PHASE_1, f"{says} at first"))
    if back >= SEVERE_PAIN_MIN:
        out.append(_limit("spinal_load", "low", _PHASES_1_2, f"{says} in the first two phases", True))
    for region in (PainRegion.HIP, PainRegion.BUTTOCK):
        pain = profile.pain_in(region)
        if pain >= RESTRICT_PAIN_MIN:
            reason = f"Your {region.label} pain is {pain}/10, so no {_DEEP_HIP} yet"
            out.append(_limit("knee_flexion_load", "moderate", _PHASE_1, reason))
    hamstring = profile.pain_in(PainRegion.HAMSTRING)
    if hamstring >= RESTRICT_PAIN_MIN:
        reason = f"Your hamstring pain is {hamstring}/10, so no exercises that work mainly the hamstrings yet"
        out.append(_limit("primary_muscle", Muscle.HAMSTRINGS.value, _PHASE_1, reason))
    return (*out, *_power_contraindications(profile))


def _power_contraindications(profile: Profile) -> tuple[Contraindication, ...]:
    pain, region = max((profile.pain_in(r), r.label) for r in _POWER_REGIONS)
    says = f"Your {region} pain is {pain}/10, so no {_POWER}"
    if pain >= SEVERE_PAIN_MIN:
        return (_limit("category", Category.POWER.value, _PHASES_1_3, f"{says} in this programme", True),)
    if pain >= RESTRICT_PAIN_MIN:
        return (_limit("category", Category.POWER.value, _PHASES_1_2, f"{says} in the first two phases"),)
    return ()


def _limit(attribute: str, limit: str, phases: frozenset[int], reason: str, severe: bool = False) -> Contraindication:
    """A pain-based limit: severe pain cites the severe-pain cut-off too."""
    return Contraindication(attribute, limit, phases, reason, _SEVERE_SOURCES if severe else _PAIN_SOURCES)
