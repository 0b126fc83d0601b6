"""The self-experiment's schedule: reproducible from its seed, lengthened by pauses."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from tracker.analysis.experiment import make_schedule, pair_orders

START = date(2026, 3, 2)


def test_the_same_seed_gives_the_same_schedule() -> None:
    assert make_schedule(START, 4, 2024) == make_schedule(START, 4, 2024)


def test_the_order_is_the_documented_draw_a_clinician_can_redo() -> None:
    """Pair k runs A first when the k-th random() of random.Random(seed) is below 0.5."""
    for seed in (0, 1, 7, 123456789):
        rng = random.Random(seed)
        expected = ["AB" if rng.random() < 0.5 else "BA" for _ in range(4)]
        blocks = make_schedule(START, 4, seed)
        assert ["".join(b.condition for b in blocks[2 * k : 2 * k + 2]) for k in range(4)] == (
            expected
        )


def test_seed_42_is_pinned_forever() -> None:
    """A stored experiment's seed must give the same order after any upgrade."""
    assert pair_orders(4, 42) == [("B", "A"), ("A", "B"), ("A", "B"), ("A", "B")]


def test_different_seeds_give_both_orders() -> None:
    firsts = {make_schedule(START, 2, seed)[0].condition for seed in range(20)}
    assert firsts == {"A", "B"}


def test_each_pair_holds_both_conditions() -> None:
    blocks = make_schedule(START, 3, 99)
    for pair in range(3):
        assert sorted(b.condition for b in blocks if b.pair == pair) == ["A", "B"]


def test_blocks_are_consecutive_weeks_without_pauses() -> None:
    blocks = make_schedule(START, 2, 5)
    assert [(b.index, b.pair, b.start, b.end) for b in blocks] == [
        (0, 0, START, START + timedelta(days=6)),
        (1, 0, START + timedelta(days=7), START + timedelta(days=13)),
        (2, 1, START + timedelta(days=14), START + timedelta(days=20)),
        (3, 1, START + timedelta(days=21), START + timedelta(days=27)),
    ]


def test_paused_days_extend_their_block_and_push_the_later_ones() -> None:
    paused = {START + timedelta(days=9), START + timedelta(days=10)}
    blocks = make_schedule(START, 2, 5, paused)
    assert blocks[0].end == START + timedelta(days=6)
    assert blocks[1].start == START + timedelta(days=7)
    assert blocks[1].end == START + timedelta(days=15)
    assert blocks[2].start == START + timedelta(days=16)
    assert blocks[3].end == START + timedelta(days=29)


def test_a_pause_on_the_first_day_belongs_to_the_first_block() -> None:
    blocks = make_schedule(START, 2, 5, [START])
    assert blocks[0].start == START
    assert blocks[0].end == START + timedelta(days=7)


def test_pauses_outside_the_experiment_change_nothing() -> None:
    outside = [START - timedelta(days=1), START + timedelta(days=400)]
    assert make_schedule(START, 3, 8, outside) == make_schedule(START, 3, 8)


@pytest.mark.parametrize("pairs", [0, 1, 5, 10, -2, 2.0, True, "3"])
def test_pairs_outside_2_to_4_are_a_clear_value_error(pairs: object) -> None:
    with pytest.raises(ValueError, match="pairs must be a whole number from 2 to 4"):
        make_schedule(START, pairs, 1)  # type: ignore[arg-type]
