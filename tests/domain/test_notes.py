"""Said once: what several exercises' reasons share is lifted out once, naming them; each keeps its own sentences.
Sentences are compared as values (a code and its parameters), never by splitting words."""

from __future__ import annotations

from gluterx.domain.notes import SaidOnce, SharedNote, said_once, sentences_of
from gluterx.domain.said import Reason, said
from gluterx.domain.units import MassUnit

BRIDGE = said("purpose", name="Glute bridge", purpose="for the hips")
CLAM = said("purpose", name="Clamshell", purpose="for the side")
FIRST = said("bodyweight_first")
LIGHTER = said("week_lighter")


def test_a_sentence_several_items_share_is_said_once_with_their_names() -> None:
    found = said_once(
        [
            ("Glute bridge", Reason.of(BRIDGE, FIRST)),
            ("Clamshell", Reason.of(CLAM, FIRST, said("knee_light"))),
            ("Walk", Reason.of(said("purpose", name="Walk", purpose="for the heart"))),
        ]
    )
    assert found.shared == (SharedNote(FIRST, ("Glute bridge", "Clamshell"), False),)
    assert [r.words() for r in found.own] == [
        "Glute bridge: for the hips.",
        "Clamshell: for the side. It keeps knee bending light, which suits your knee.",
        "Walk: for the heart.",
    ]


def test_a_sentence_every_item_says_is_marked_every_and_leaves_nothing_of_its_own() -> None:
    found = said_once([("A", Reason.of(LIGHTER)), ("B", Reason.of(LIGHTER))])
    assert found.shared == (SharedNote(LIGHTER, ("A", "B"), True),)
    assert found.own == (Reason(), Reason())


def test_nothing_shared_leaves_every_reason_as_it_was() -> None:
    a, b = Reason.of(BRIDGE), Reason.of(CLAM)
    assert said_once([("A", a), ("B", b)]) == SaidOnce((), (a, b))


def test_the_same_words_with_other_values_are_other_sentences() -> None:
    """Two eased weights read alike up to their numbers: each exercise keeps its own, in any unit."""
    a = Reason.of(said("pain_reached", during=7), said("ease_weight", new_kg=18.0, old_kg=20.0, alone=False))
    b = Reason.of(said("pain_reached", during=7), said("ease_weight", new_kg=36.0, old_kg=40.0, alone=False))
    found = said_once([("Squat", a), ("Thrust", b)])
    assert found.shared == (SharedNote(said("pain_reached", during=7), ("Squat", "Thrust"), True),)
    assert [r.words(MassUnit.LB) for r in found.own] == [
        "So next time we use a little less weight: 39.7 lb instead of 44.1 lb.",
        "So next time we use a little less weight: 79.4 lb instead of 88.2 lb.",
    ]


def test_a_sentence_said_twice_in_one_reason_counts_once_for_it() -> None:
    found = said_once([("A", Reason.of(FIRST, FIRST)), ("B", Reason.of(BRIDGE))])
    assert found.shared == () and found.own[0] == Reason.of(FIRST, FIRST)


def test_a_persons_text_breaks_before_a_capital_or_digit_only() -> None:
    """sentences_of is for people's own words (the library's how-to), never for what GluteRx wrote."""
    assert sentences_of("Use 2.5 kg, e.g. a plate. Then rest. 3 sets!") == (
        "Use 2.5 kg, e.g. a plate.",
        "Then rest.",
        "3 sets!",
    )
