"""Screening: a profile -> a referral (see a clinician first), or cautions and contraindications.

Red flags are yes/no questions (evidence.md §3). Any REFERRAL flag answered yes stops the programme: the
person gets the reasons and what to do now, and no exercises. CAUTION flags, severe pain and being older and
untrained give a conservative start with a notice. Pain by region and intensity, pregnancy and fragile bones
limit which exercise attributes are allowed in which phase. Single red flags are poor at diagnosis (Finucane
2020), so any one of them refers: a clinician, not this app, decides what it means.

Flags raise concern together, as a clinician reads them: CLUSTERS (typed data, each with its sources) raise the
referral's one overall urgency, and can turn signs that are only cautions alone into a referral. A sign is a flag
answered yes, one DERIVED from the profile (new back pain over 50), or one raised later from the person's own record
(`domain.review`: no better after 4 weeks). Each concern is explained once, however many findings point to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from gluterx.domain.anatomy import Muscle
from gluterx.domain.exercise import Category, Exercise, Grade
from gluterx.domain.precautions import Precaution, precautions
from gluterx.domain.profile import Experience, PainRegion, Profile
from gluterx.domain.ranked import Ranked
from gluterx.domain.thresholds import OLDER_UNTRAINED_AGE, SEVERE_PAIN_CAUTION_MIN

__all__ = [
    "CLUSTERS",
    "DERIVED",
    "FLAGS",
    "FLAG_IDS",
    "Caution",
    "Cluster",
    "Concern",
    "Contraindication",
    "Derived",
    "Flag",
    "FlagKind",
    "Referral",
    "Screening",
    "Urgency",
    "flag",
    "referral_for",
    "screen",
    "signs",
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
# Inflammatory back pain: morning stiffness lasting more than 30 minutes (the Berlin criteria, rudwaleit2006)
MORNING_STIFFNESS_MINUTES = 30
# Malignancy: age over 50 with back pain that is new (henschke2013, downie2013). "New" is our reading: lower-back
# pain of less than 12 weeks, the usual line between acute or subacute and persistent pain (gluterx_policy).
NEW_PAIN_AGE_OVER = 50
NEW_PAIN_WEEKS_BELOW = 12
# Failure to improve after about a month of care (chou2007, henschke2013); domain/review.py raises it from the
# person's own record.
NOT_IMPROVING_WEEKS = 4

_PHASE_1 = frozenset({1})
_PHASE_2 = frozenset({2})
_PHASES_1_2 = frozenset({1, 2})
_PHASES_1_3 = frozenset({1, 2, 3})


class FlagKind(StrEnum):
    REFERRAL = "referral"
    CAUTION = "caution"


class Urgency(Ranked):
    """How soon a referral needs a clinician, most urgent first."""

    EMERGENCY = "emergency"  # call an ambulance / go to A&E now
    URGENT = "urgent"  # see a doctor today or within 24 h
    SOON = "soon"  # book a GP or physiotherapist within 1–2 weeks


class Concern(StrEnum):
    """What a clinician would want to rule out; findings with the same concern are explained in one sentence."""

    CAUDA_EQUINA = "cauda_equina"
    NERVE_PRESSURE = "nerve_pressure"
    FRACTURE = "fracture"
    JOINT_BLEED = "joint_bleed"
    INFECTION = "infection"
    JOINT_INFECTION = "joint_infection"
    SERIOUS_CAUSE = "serious_cause"  # malignancy, said gently
    BLOOD_CLOT = "blood_clot"
    ANEURYSM = "aneurysm"
    GROWTH_PLATE = "growth_plate"
    CHEST = "chest"
    INFLAMMATION = "inflammation"


# What each concern may mean. Each follows "this" (one finding) or "together these" (several), so each starts with
# a modal verb that fits both.
_MEANING: dict[Concern, str] = {
    Concern.CAUDA_EQUINA: "can mean pressure on the nerves at the base of the spine (cauda equina syndrome), which "
    "needs checking straight away",
    Concern.NERVE_PRESSURE: "can mean a nerve is under growing pressure, and a doctor should check it today",
    Concern.FRACTURE: "can mean a broken bone, which needs to be ruled out first",
    Concern.JOINT_BLEED: "can mean bleeding inside the joint from a torn ligament or a broken bone",
    Concern.INFECTION: "can be signs of an infection (in the spine or elsewhere) that needs a doctor",
    Concern.JOINT_INFECTION: "can mean an infection inside the joint (septic arthritis), which needs treatment quickly",
    Concern.SERIOUS_CAUSE: "should be checked by a doctor, to make sure that nothing more serious than a muscle or "
    "joint problem (such as a cancer) lies behind the pain",
    Concern.BLOOD_CLOT: "can be a blood clot in the leg (deep vein thrombosis), which needs a doctor the same day",
    Concern.ANEURYSM: "can be a swollen main blood vessel (abdominal aortic aneurysm), which is an emergency",
    Concern.GROWTH_PLATE: "can be a slipped growth plate at the top of the thigh bone (slipped capital femoral "
    "epiphysis), which needs a doctor quickly",
    Concern.CHEST: "should be checked by a doctor first (if it is a tight or heavy chest pain, or spreads to your "
    "arm, neck or jaw, call an ambulance now)",
    Concern.INFLAMMATION: "can be a sign of inflammation in the joints of the spine (axial spondyloarthritis). It is "
    "treatable and exercise usually helps, but a GP should check it first and may refer you to a rheumatologist (a "
    "joint specialist)",
}


@dataclass(frozen=True, slots=True)
class Flag:
    """One yes/no screening question; `reason` is the plain sentence shown when it is answered yes.

    `finding` names what was answered in a few words ("weight loss without trying") and `concern` what it may mean,
    so a referral with several findings explains each concern once. A caution that can join a cluster has them too.
    """

    id: str
    question: str
    kind: FlagKind
    reason: str
    urgency: Urgency | None
    sources: tuple[str, ...]
    group: str
    finding: str = ""
    concern: Concern | None = None


def _explain(findings: Sequence[str], concern: Concern) -> str:
    """'Finding: this can mean ...' for one finding, 'A; B; and C: together these can mean ...' for several.

    Findings are joined with semicolons because they hold "or" and "and" of their own.
    """
    named = findings[0] if len(findings) == 1 else f"{'; '.join(findings[:-1])}; and {findings[-1]}"
    subject = "this" if len(findings) == 1 else "together these"
    return f"{named[0].upper()}{named[1:]}: {subject} {_MEANING[concern]}."


def _refer(id: str, group: str, urgency: Urgency, concern: Concern, question: str, finding: str, *sources: str) -> Flag:
    return Flag(
        id, question, FlagKind.REFERRAL, _explain([finding], concern), urgency, sources, group, finding, concern
    )


def _caution(
    id: str, group: str, question: str, reason: str, *sources: str, finding: str = "", concern: Concern | None = None
) -> Flag:
    return Flag(id, question, FlagKind.CAUTION, reason, None, sources, group, finding, concern)


_SPINE = ("ahcpr_redflags", "nice_ng59", "finucane2020")
_JOINT = ("nhs_hip_knee_pathway",)
_PARQ = ("warburton2011",)
_MALIGNANCY = ("henschke2013", "downie2013", "finucane2020")
_E, _U, _S = Urgency.EMERGENCY, Urgency.URGENT, Urgency.SOON
_CE, _NP, _FX = Concern.CAUDA_EQUINA, Concern.NERVE_PRESSURE, Concern.FRACTURE
_INF, _SC = Concern.INFECTION, Concern.SERIOUS_CAUSE

# fmt: off
_NERVE_FLAGS = (
    _refer(
        "bladder_control", "nerves", _E, _CE,
        "Since your pain started, have you had new trouble passing urine, or leaked urine by accident?",
        "new trouble passing or holding urine",
        *_SPINE,
    ),
    _refer(
        "bowel_control", "nerves", _E, _CE,
        "Since your pain started, have you lost control of your bowels without meaning to?",
        "losing control of your bowels",
        *_SPINE,
    ),
    _refer(
        "saddle_numbness", "nerves", _E, _CE,
        "Do you have numbness or tingling around your bottom, genitals or inner thighs (where you would sit"
        " on a saddle)?",
        "numbness around your bottom and genitals or on your inner thighs",
        *_SPINE,
    ),
    _refer(
        "both_legs", "nerves", _E, _CE,
        "Do you have pain, numbness or weakness going down both legs at the same time?",
        "pain or weakness in both legs along with back pain",
        *_SPINE,
    ),
    _refer(
        "worsening_weakness", "nerves", _U, _NP,
        "Is one of your legs getting weaker, or is numbness in it spreading, over days or weeks?",
        "a leg getting weaker or numbness in it spreading",
        *_SPINE,
    ),
    _refer(
        "foot_drop", "nerves", _U, _NP,
        "Has your foot started to drop or drag, so your toes catch or your foot slaps down when you walk?",
        "a foot that has started to drop or drag",
        *_SPINE,
    ),
)

_INJURY_FLAGS = (
    _refer(
        "major_trauma", "injury", _U, _FX,
        "Did your pain start after a serious accident, such as a car crash or a fall from a height?",
        "pain that started after a serious accident",
        "ahcpr_redflags", "finucane2020", "nhs_hip_knee_pathway",
    ),
    _refer(
        "minor_fall", "injury", _U, _FX,
        f"Are you over {FRAGILE_BONE_AGE} or do you have thin bones (osteoporosis), and did new pain start "
        "after a small fall, knock or lift?",
        "new pain after a small fall or knock when bones are thinner",
        "ahcpr_redflags", "finucane2020",
    ),
    _refer(
        "cannot_bear_weight", "injury", _U, _FX,
        "After a fall or injury, are you unable to stand or walk on the leg, or does the hip, knee or leg "
        "look out of shape?",
        "a leg that cannot take your weight or looks out of shape after an injury",
        *_JOINT,
    ),
    _refer(
        "knee_swelling", "injury", _U, Concern.JOINT_BLEED,
        f"After a recent knee injury, did the knee swell up within {HAEMARTHROSIS_HOURS} hours?",
        "a knee that swelled up quickly after an injury",
        *_JOINT,
    ),
)

_INFECTION_FLAGS = (
    _refer(
        "fever", "infection", _U, _INF,
        "Along with the pain, do you have a fever, feel hot and shivery, or feel generally unwell?",
        "a fever or feeling unwell along with the pain",
        *_SPINE,
    ),
    _refer(
        "recent_infection", "infection", _U, _INF,
        "In the last few weeks, have you had a bacterial infection (such as a urine infection) or an "
        "operation on your spine, and now also have a fever?",
        "a fever after a recent infection or spinal operation",
        *_SPINE,
    ),
    _refer(
        "infection_risk", "infection", _S, _INF,
        "Do you inject drugs, or is your immune system weakened (for example by HIV, an organ transplant, "
        "cancer treatment or medicines that damp it down)?",
        "injecting drugs or a weakened immune system (both make a spine infection more likely)",
        *_SPINE,
    ),
    _refer(
        "hot_joint", "infection", _U, Concern.JOINT_INFECTION,
        "Is a hip or knee hot, red and swollen?",
        "a hot, red and swollen joint",
        *_JOINT,
    ),
)

_GENERAL_FLAGS = (
    _refer(
        "cancer_history", "general", _S, _SC,
        "Have you ever had cancer, and is this pain new since then?",
        "new pain after cancer",
        *_SPINE, "chou2007", "henschke2013", "downie2013",
    ),
    _refer(
        "weight_loss", "general", _S, _SC,
        f"Have you lost weight without trying, around {WEIGHT_LOSS_KG} kg or more in the last "
        f"{WEIGHT_LOSS_MONTHS} months?",
        "losing weight without trying",
        "ahcpr_redflags", "finucane2020", "chou2007",
    ),
    _refer(
        "night_pain", "general", _S, _SC,
        "Is your pain constant, or does it wake you at night, without easing when you rest or change "
        "position?",
        "pain that does not ease at rest or at night",
        "ahcpr_redflags", "finucane2020", "nhs_hip_knee_pathway",
    ),
    _refer(
        "inflammatory_back_pain", "general", _S, Concern.INFLAMMATION,
        f"Is your back stiff for more than {MORNING_STIFFNESS_MINUTES} minutes when you get up in the morning, "
        "and does it ease as you move about but not when you rest?",
        f"back stiffness for more than {MORNING_STIFFNESS_MINUTES} minutes in the morning that eases as you move",
        "rudwaleit2006", "sieper2009", "nice_ng65", "nice_ng59",
    ),
)

_OTHER_FLAGS = (
    _refer(
        "calf_swelling", "circulation", _U, Concern.BLOOD_CLOT,
        "Is one of your calves swollen, warm, red or tender?",
        "a swollen, warm or red calf",
        *_JOINT,
    ),
    _refer(
        "pulsing_tummy", "circulation", _E, Concern.ANEURYSM,
        f"Are you over {AAA_AGE} and can you feel a throbbing or pulsing in your tummy along with the back "
        "pain?",
        "a pulsing feeling in your tummy with back pain",
        "ahcpr_redflags",
    ),
    _refer(
        "young_limp", "other", _U, Concern.GROWTH_PLATE,
        f"Are you under {SCFE_AGE_BELOW}, with hip or knee pain and a limp?",
        "hip or knee pain with a limp in a young person",
        *_JOINT,
    ),
    _refer(
        "chest_or_upper_back", "other", _S, Concern.CHEST,
        "Is your pain mainly in your chest or upper back (between the shoulder blades) rather than your "
        "lower back, hips or knees?",
        "pain mainly in the chest or upper back",
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
    _caution(
        "not_improving", "health",
        f"Have you already been treating this pain for {NOT_IMPROVING_WEEKS} weeks or more (for example with "
        "exercises, physiotherapy or medicines) without it getting any better?",
        f"Your pain has not got better after {NOT_IMPROVING_WEEKS} weeks or more of treatment. That happens, and "
        "the right exercise often still helps, so we start gently; but please also ask your doctor or "
        "physiotherapist to look at it again, so that nothing is missed.",
        "chou2007", "henschke2013", "farrar2001",
        finding=f"pain that is no better after {NOT_IMPROVING_WEEKS} weeks of treatment", concern=_SC,
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
class Derived:
    """A sign read from the profile's own answers (age, pain and how long it has lasted) rather than asked."""

    flag: Flag
    applies: Callable[[Profile], bool]


def _new_back_pain_over_50(profile: Profile) -> bool:
    new_back_pain = any(
        p.region is PainRegion.LOWER_BACK and p.intensity > 0 and p.weeks < NEW_PAIN_WEEKS_BELOW for p in profile.pain
    )
    return profile.age > NEW_PAIN_AGE_OVER and new_back_pain


DERIVED: tuple[Derived, ...] = (
    Derived(
        _caution(
            "new_back_pain_over_50",
            "derived",
            "",
            f"You are over {NEW_PAIN_AGE_OVER} and your back pain started in the last {NEW_PAIN_WEEKS_BELOW} weeks."
            " On its own this is very rarely anything serious, so we start gently as usual; but please see your "
            "doctor if it is no better within a few weeks, or if you feel unwell, lose weight without trying or "
            "have pain that wakes you at night.",
            "henschke2013",
            "downie2013",
            "gluterx_policy",
            finding=f"new back pain after the age of {NEW_PAIN_AGE_OVER}",
            concern=_SC,
        ),
        _new_back_pain_over_50,
    ),
)
_SIGNS: dict[str, Flag] = {**_BY_ID, **{d.flag.id: d.flag for d in DERIVED}}
_ORDER: dict[str, int] = {sign_id: i for i, sign_id in enumerate(_SIGNS)}


@dataclass(frozen=True, slots=True)
class Cluster:
    """Signs that mean more together than alone (Finucane 2020: flags raise the level of concern together).

    It applies when every sign of `all_of` is present and, if `any_of` is not empty, at least one of those too; then
    the referral is at least `urgency`, and `reason` says why in plain words.
    """

    id: str
    all_of: frozenset[str]
    any_of: frozenset[str]
    urgency: Urgency
    reason: str
    sources: tuple[str, ...]

    def members(self, signs: frozenset[str]) -> frozenset[str]:
        """The signs this cluster is made of here, or nothing when it does not apply."""
        extra = self.any_of & signs
        if not self.all_of <= signs or (self.any_of and not extra):
            return frozenset()
        return self.all_of | extra


CLUSTERS: tuple[Cluster, ...] = (
    Cluster(
        "cancer_history_with_signs",
        frozenset({"cancer_history"}),
        frozenset({"weight_loss", "night_pain", "new_back_pain_over_50", "not_improving"}),
        Urgency.URGENT,
        "Cancer in the past is the sign doctors take most seriously with new pain, and together with the other "
        "signs you told us about it should be checked without waiting for a routine appointment.",
        ("henschke2013", "downie2013", "finucane2020", "nice_ng234"),
    ),
    Cluster(
        "weight_loss_with_night_pain",
        frozenset({"weight_loss", "night_pain"}),
        frozenset(),
        Urgency.URGENT,
        "Losing weight without trying together with pain that does not ease at rest should be checked without "
        "waiting for a routine appointment.",
        ("nhs_hip_knee_pathway", "finucane2020"),
    ),
    Cluster(
        "older_and_not_improving",
        frozenset({"new_back_pain_over_50", "not_improving"}),
        frozenset(),
        Urgency.SOON,
        f"New back pain after {NEW_PAIN_AGE_OVER} that is not getting better is worth a doctor's check, even though "
        "each of these on its own is common and usually nothing serious.",
        ("henschke2013", "chou2007"),
    ),
)


def signs(profile: Profile, raised: Iterable[str] = ()) -> frozenset[str]:
    """Every sign that applies: the flags answered yes, the derived ones, and `raised` (known ids only)."""
    derived = {d.flag.id for d in DERIVED if d.applies(profile)}
    return frozenset((set(profile.red_flags) | derived | set(raised)) & _SIGNS.keys())


@dataclass(frozen=True, slots=True)
class Referral:
    """Stop: see a clinician first. Why (each concern once, then what the clusters add), how soon, what to do now."""

    reasons: tuple[str, ...]
    urgency: Urgency
    action: str
    sources: tuple[str, ...]
    clusters: tuple[str, ...] = ()  # the clusters that applied
    signs: tuple[str, ...] = ()  # the signs the reasons name, in questionnaire order


def referral_for(present: frozenset[str], clusters: Sequence[Cluster] = CLUSTERS) -> Referral | None:
    """The referral for these signs: one overall urgency, never below any referral flag's nor any cluster's."""
    matched = [(c, members) for c in clusters if (members := c.members(present))]
    named = {s for s in present if _SIGNS[s].kind is FlagKind.REFERRAL} | {s for _, m in matched for s in m}
    if not named:
        return None
    ordered = [_SIGNS[s] for s in sorted(named, key=_ORDER.__getitem__)]
    urgencies = [f.urgency for f in ordered if f.urgency is not None] + [c.urgency for c, _ in matched]
    urgency = min(urgencies, key=lambda u: u.rank)
    by_concern: dict[Concern | None, list[Flag]] = {}
    for f in ordered:
        by_concern.setdefault(f.concern, []).append(f)
    reasons = [
        _explain([f.finding for f in fs], concern) if concern is not None else " ".join(f.reason for f in fs)
        for concern, fs in by_concern.items()
    ]
    said: set[str] = set()
    for cluster, members in matched:  # a cluster whose signs an earlier one already covers adds no sentence
        if not members <= said:
            reasons.append(cluster.reason)
            said |= members
    sources = tuple(
        dict.fromkeys([*(s for f in ordered for s in f.sources), *(s for c, _ in matched for s in c.sources)])
    )
    clusters_applied = tuple(c.id for c, _ in matched)
    return Referral(tuple(reasons), urgency, _ACTIONS[urgency], sources, clusters_applied, tuple(f.id for f in ordered))


_ACTIONS: dict[Urgency, str] = {
    Urgency.EMERGENCY: (
        "Please call an ambulance (999 in the UK, 112 in Europe, 911 in the US) or go to A&E now. Do not "
        "wait to see whether it gets better, and do not exercise until you have been seen."
    ),
    Urgency.URGENT: (
        "Please see a doctor today, or within 24 hours at the latest (your GP, an urgent care centre or NHS"
        " 111). If it gets much worse, go to A&E. Please do not exercise until a doctor has checked you."
    ),
    Urgency.SOON: (
        "Please book an appointment with your GP or a physiotherapist within the next 1–2 weeks and tell "
        "them what you told us. Please hold off on this programme until they have checked you and say it is "
        "safe to exercise."
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


def screen(profile: Profile, *, raised: Iterable[str] = ()) -> Screening:
    """Screen a profile, with any signs `raised` since (from the person's own record, domain.review).

    Unknown flag ids are ignored here: check them first with unknown_flags().
    """
    present = signs(profile, raised)
    referral = referral_for(present)
    named = set(referral.signs) if referral is not None else set()  # a caution the referral explains is not repeated
    cautions = tuple(
        Caution(f.id, f.reason, f.sources)
        for f in _SIGNS.values()
        if f.id in present and f.kind is FlagKind.CAUTION and f.id not in named
    )
    return Screening(
        referral, cautions + _derived_cautions(profile), _pain_contraindications(profile), precautions(profile)
    )


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
