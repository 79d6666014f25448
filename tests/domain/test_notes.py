"""Said once: what several exercises' reasons share is lifted out once, naming them; each keeps its own words."""

from __future__ import annotations

from gluterx.domain.notes import SaidOnce, SharedNote, said_once, sentences_of


def test_a_sentence_several_items_share_is_said_once_with_their_names() -> None:
    found = said_once(
        [
            ("Glute bridge", "Glute bridge: for the hips. Bodyweight first: bands come later."),
            ("Clamshell", "Clamshell: for the side. Bodyweight first: bands come later. Lift slowly."),
            ("Walk", "Walk: for the heart."),
        ]
    )
    assert found.shared == (SharedNote("Bodyweight first: bands come later.", ("Glute bridge", "Clamshell"), False),)
    assert found.own == ("Glute bridge: for the hips.", "Clamshell: for the side. Lift slowly.", "Walk: for the heart.")


def test_a_sentence_every_item_says_is_marked_every_and_leaves_nothing_of_its_own() -> None:
    found = said_once([("A", "Lighter week: fewer sets."), ("B", "Lighter week: fewer sets.")])
    assert found.shared == (SharedNote("Lighter week: fewer sets.", ("A", "B"), True),)
    assert found.own == ("", "")


def test_nothing_shared_leaves_every_reason_as_it_was() -> None:
    assert said_once([("A", "One thing."), ("B", "Another thing.")]) == SaidOnce((), ("One thing.", "Another thing."))


def test_sentences_break_before_a_capital_or_digit_only() -> None:
    assert sentences_of("Use 2.5 kg, e.g. a plate. Then rest. 3 sets!") == (
        "Use 2.5 kg, e.g. a plate.",
        "Then rest.",
        "3 sets!",
    )
