"""The person's own record read as a clinician would: no better after 4 weeks of doing the programme.

Failing to improve after about a month of care is a reason to look again (chou2007); on its own it is common and
rarely serious, but with other signs it is one of the malignancy signs that matter in combination (henschke2013).
So the rule raises the `not_improving` sign, and screening's clusters decide, with what else is known about the
person, whether it is a referral and how urgent.

"Doing the programme" is adherence: at least three in four of the sessions planned so far were done
(gluterx_policy). "No better" is pain not improving by the minimal important change, about 2 points or 30% on the
0–10 scale (farrar2001), from the first week of the programme to the last seven days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from gluterx.domain.profile import Profile
from gluterx.domain.progression.alerts import DAYS_PER_WEEK, Alert, AlertLevel
from gluterx.domain.screening import CLUSTERS, NOT_IMPROVING_WEEKS, Referral, Urgency, screen
from gluterx.domain.thresholds import PAIN_MEANINGFUL_PERCENT, PAIN_MEANINGFUL_POINTS

__all__ = [
    "ADHERENCE_MIN",
    "READINGS_MIN",
    "REVIEW_AFTER_DAYS",
    "NoBetter",
    "Review",
    "no_better",
    "review",
    "review_alert",
]

# The review looks at the record once the programme has run this long (chou2007: about a month).
REVIEW_AFTER_DAYS = DAYS_PER_WEEK * NOT_IMPROVING_WEEKS
# "Doing the programme": at least this share of the sessions planned so far were done (gluterx_policy).
ADHERENCE_MIN = 0.75
# Pain in the last seven days is judged only on at least this many readings, so one bad day does not decide it
# (gluterx_policy).
READINGS_MIN = 2
_SOURCES = ("chou2007", "henschke2013", "farrar2001", "gluterx_policy")


@dataclass(frozen=True, slots=True)
class NoBetter:
    """What the record shows: the sessions done of those planned, and pain at the start and in the last week."""

    weeks: int
    done: int
    planned: int
    before: float  # mean pain in the programme's first week (the pain given at setup when there was no reading)
    now: float  # mean pain over the last seven days
    sources: tuple[str, ...] = _SOURCES

    @property
    def message(self) -> str:
        """What we noticed, in plain words."""
        return (
            f"In the {self.weeks} weeks since you started you have done {self.done} of your {self.planned} "
            f"sessions, which is real commitment, but your pain is about {self.now:.0f}/10, no better than the "
            f"{self.before:.0f}/10 you started at."
        )


def _mean(values: Sequence[int]) -> float:
    return sum(values) / len(values)


def _improved(before: float, now: float) -> bool:
    """A fall of at least the minimal important change: 2 points or 30% of the starting pain (farrar2001)."""
    fall = before - now
    return fall >= PAIN_MEANINGFUL_POINTS.value or fall * 100 >= PAIN_MEANINGFUL_PERCENT.value * before


def no_better(
    *,
    start: date,
    today: date,
    planned: Sequence[date],
    done: Sequence[date],
    pain: Sequence[tuple[date, int]],
    intake_pain: int,
) -> NoBetter | None:
    """NoBetter when the person has done the programme for 4 weeks or more and their pain has not improved.

    `planned` are the days sessions were planned, `done` the days sessions were logged, `pain` the day's pain
    readings (0–10). Only the days from `start` up to `today` count; sessions planned for today are not yet due.
    None while it is too early, when too few sessions were done to judge the programme, when there are too few
    recent readings, when the starting pain left no room for a meaningful change, or when the pain improved.
    """
    if (today - start).days < REVIEW_AFTER_DAYS:
        return None
    due = {d for d in planned if start <= d < today}
    logged = {d for d in done if start <= d <= today}
    if not due or len(logged) < ADHERENCE_MIN * len(due):
        return None
    readings = [(d, p) for d, p in pain if start <= d <= today]
    first_week = [p for d, p in readings if d < start + timedelta(days=DAYS_PER_WEEK)]
    last_week = [p for d, p in readings if d > today - timedelta(days=DAYS_PER_WEEK)]
    if len(last_week) < READINGS_MIN:
        return None
    before = _mean(first_week) if first_week else float(intake_pain)
    now = _mean(last_week)
    if before < PAIN_MEANINGFUL_POINTS.value or _improved(before, now):
        return None
    weeks = (today - start).days // DAYS_PER_WEEK
    return NoBetter(weeks, min(len(logged), len(due)), len(due), before, now)


_ADVICE = (
    "That happens, and it is not your fault. Please book an appointment with your GP or physiotherapist within the "
    "next 1–2 weeks so they can look at it again; you can keep going gently in the meantime, staying within the pain "
    "limits."
)
# A referral within 1–2 weeks in the middle of a programme: gentle exercise may go on until the appointment; the
# more urgent referrals keep screening's own words (do not exercise until seen).
_ADVICE_SOON = (
    "Please book an appointment with your GP within the next 1–2 weeks and tell them what you told us and how your "
    "pain has been over these weeks. Until then you can keep going gently, within the pain limits; if it gets worse, "
    "or you feel unwell, see them sooner."
)


@dataclass(frozen=True, slots=True)
class Review:
    """The finding, the referral it makes with what else is known about the person (or None), and what to do."""

    finding: NoBetter
    referral: Referral | None
    advice: str
    sources: tuple[str, ...]

    @property
    def urgency(self) -> Urgency:
        """How soon to be seen: the referral's urgency, or within 1–2 weeks for the finding alone."""
        return self.referral.urgency if self.referral is not None else Urgency.SOON

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why it matters, when it refers: each concern, then what the signs mean together."""
        return self.referral.reasons if self.referral is not None else ()

    @property
    def stops_training(self) -> bool:
        """True when a doctor is needed today or now: no session until the person has been seen."""
        return self.urgency is not Urgency.SOON

    @property
    def message(self) -> str:
        """One short notice: the finding, what the signs mean together (when they refer) and what to do."""
        together = [c.reason for c in CLUSTERS if self.referral is not None and c.id in self.referral.clusters]
        return " ".join([self.finding.message, *together[:1], self.advice])


def review(profile: Profile, finding: NoBetter | None) -> Review | None:
    """Read a NoBetter finding with the person's profile: clusters may make it a referral (domain.screening)."""
    if finding is None:
        return None
    referral = screen(profile, raised={"not_improving"}).referral
    if referral is None:
        advice = _ADVICE
    elif referral.urgency is Urgency.SOON:
        advice = _ADVICE_SOON
    else:
        advice = referral.action
    sources = tuple(dict.fromkeys([*finding.sources, *(referral.sources if referral is not None else ())]))
    return Review(finding, referral, advice, sources)


def review_alert(found: Review) -> Alert:
    """Today's notice: critical when a doctor is needed today or now, high otherwise."""
    level = AlertLevel.HIGH if found.urgency is Urgency.SOON else AlertLevel.CRITICAL
    return Alert(level, found.message, found.sources)
