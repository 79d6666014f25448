"""Pain and engagement alerts (MedBridge's levels as a yardstick, evidence.md §9), and "pain rising week to week"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from gluterx.domain.conditions import ConditionId
from gluterx.domain.profile import Profile
from gluterx.domain.ranked import Ranked
from gluterx.domain.thresholds import (
    ALERT_CRITICAL_PAIN_MIN,
    ALERT_HIGH_RISE,
    ALERT_INACTIVE_DAYS,
    ALERT_INACTIVE_HOURS,
    ALERT_LOW_PAIN_MIN,
    ALERT_LOW_RISE,
)
from gluterx.domain.weeks import week_start

__all__ = [
    "DAYS_PER_WEEK",
    "HOURS_PER_DAY",
    "LEG_SYMPTOMS_FLAG",
    "RISING_WEEKS",
    "Alert",
    "AlertLevel",
    "alerts",
    "asks_leg_symptoms",
    "leg_spread_alert",
    "pain_rising_weekly",
    "technique_alert",
]

# "Pain rising week to week" (silbernagel2007): the weekly mean rose this many weeks in a row (gluterx_policy).
RISING_WEEKS = 2
DAYS_PER_WEEK = 7
HOURS_PER_DAY = 24


class AlertLevel(Ranked):
    LOW = "low"
    HIGH = "high"
    CRITICAL = "critical"


@dataclass(frozen=True, slots=True)
class Alert:
    """An alert's level and words, and what it is about: its `kind` and the `occasion` that raised it (the day of the
    reading, the last session, the week). The words may change from day to day ("N days since"); `key` does not."""

    level: AlertLevel
    message: str
    sources: tuple[str, ...]
    kind: str = "notice"
    occasion: date | None = None

    @property
    def key(self) -> str:
        """The alert's identity: the same alert on the same occasion keeps it however its words change; a new
        occasion (a new reading, a later session) or a higher level is a new alert."""
        on = self.occasion.isoformat() if self.occasion is not None else ""
        return f"{self.kind}:{self.level.value}:{on}"


def alerts(pain_history: Sequence[tuple[date, int]], *, today: date, last_session: date | None) -> list[Alert]:
    """Pain and engagement alerts for `today` (MedBridge's levels as a yardstick, evidence.md §9), most urgent first."""
    history = sorted(((d, p) for d, p in pain_history if d <= today), key=lambda r: r[0])
    found = [_pain_alert(history), _trend_alert(history, today), _engagement_alert(today, last_session)]
    return sorted((a for a in found if a is not None), key=lambda a: -a.level.rank)


def _pain_alert(history: Sequence[tuple[date, int]]) -> Alert | None:
    """The latest pain reading against the one before it."""
    if not history:
        return None
    on, latest = history[-1]
    previous = history[-2][1] if len(history) > 1 else latest
    rise = latest - previous
    if latest >= ALERT_CRITICAL_PAIN_MIN.value:
        return Alert(
            AlertLevel.CRITICAL,
            f"Your pain is {latest}/10, which is high. Please skip the exercises that hurt for now and contact your "
            "doctor or physiotherapist soon. If it came with new numbness, weakness in a leg, or trouble with your "
            "bladder or bowels, get medical help straight away.",
            ("medbridge",),
            "pain",
            on,
        )
    if rise >= ALERT_HIGH_RISE.value:
        return Alert(
            AlertLevel.HIGH,
            f"Your pain went up from {previous}/10 to {latest}/10. We have eased your next session; if it has not "
            "settled within a few days, please check with a doctor or physiotherapist.",
            ("medbridge", "farrar2001"),
            "pain",
            on,
        )
    if latest >= ALERT_LOW_PAIN_MIN.value and rise >= ALERT_LOW_RISE.value:
        return Alert(
            AlertLevel.LOW,
            f"Your pain is {latest}/10, a little up from {previous}/10. Take it easy next session and stay within "
            "what feels comfortable.",
            ("medbridge",),
            "pain",
            on,
        )
    return None


def pain_rising_weekly(pain_history: Sequence[tuple[date, int]], *, today: date) -> bool:
    """True when the weekly mean pain rose week on week for RISING_WEEKS weeks in a row, up to `today`."""
    means = []
    for weeks_back in range(RISING_WEEKS + 1):
        end = today - timedelta(days=DAYS_PER_WEEK * weeks_back)
        start = end - timedelta(days=DAYS_PER_WEEK - 1)
        week = [p for d, p in pain_history if start <= d <= end]
        if not week:
            return False
        means.append(sum(week) / len(week))
    return all(newer > older for newer, older in pairwise(means))


def _trend_alert(history: Sequence[tuple[date, int]], today: date) -> Alert | None:
    if not pain_rising_weekly(history, today=today):
        return None
    return Alert(
        AlertLevel.HIGH,
        f"Your pain has gone up week after week for {RISING_WEEKS} weeks. We are easing your programme; please see "
        "a doctor or physiotherapist so they can check what is going on.",
        ("silbernagel2007", "gluterx_policy"),
        "pain_rising",
        week_start(today),  # each new week of rising pain is a new occasion
    )


def _engagement_alert(today: date, last_session: date | None) -> Alert | None:
    if last_session is None:
        return None
    days = (today - last_session).days
    if days >= ALERT_INACTIVE_DAYS.value:
        return Alert(
            AlertLevel.HIGH,
            f"It has been {days} days since your last session. That happens; your next session picks up where you "
            "left off, a little lighter, so it is easy to get going again.",
            ("medbridge",),
            "inactive",
            last_session,
        )
    if days * HOURS_PER_DAY > ALERT_INACTIVE_HOURS.value:  # dates only: a day counts as 24 h
        return Alert(
            AlertLevel.LOW,
            f"It has been {days} days since your last session; your next one is ready when you are.",
            ("medbridge",),
            "inactive",
            last_session,
        )
    return None


# The screening answer "symptoms spread down the leg below the knee" (domain/screening.py).
LEG_SYMPTOMS_FLAG = "symptoms_below_knee"


def asks_leg_symptoms(profile: Profile) -> bool:
    """Whether the session log asks if leg symptoms spread further down the leg: people with nerve-type leg pain
    (the radicular leg pain condition, or symptoms below the knee at screening)."""
    return profile.has(ConditionId.RADICULAR_LEG_PAIN) or LEG_SYMPTOMS_FLAG in profile.red_flags


def leg_spread_alert() -> Alert:
    """Leg symptoms spread further down the leg with a session (peripheralisation, donelson1990, nice_ng59)."""
    return Alert(
        AlertLevel.HIGH,
        "Your leg symptoms spread further down your leg with this session, so we have made the next one gentler. "
        "If the spreading does not settle within a day or two, please contact your doctor or physiotherapist. If "
        "you notice new numbness, weakness in the leg, numbness around your bottom or genitals, or changes in your "
        "bladder or bowels, get medical help straight away.",
        ("donelson1990", "nice_ng59"),
    )


def technique_alert(names: Sequence[str]) -> Alert:
    """Felt in the wrong place after two tips and a change of exercise: see a physiotherapist (gluterx_policy)."""
    which = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return Alert(
        AlertLevel.LOW,
        f"You still feel {which} in the wrong place after several tips and changes. Please show your exercises to "
        "a physiotherapist: they can watch you move and find the version that suits you.",
        ("gluterx_policy",),
    )
