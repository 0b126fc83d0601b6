"""When to see a professional: each rule, firing and not firing."""

from __future__ import annotations

from datetime import date, timedelta

from tracker.analysis import CheckinRecord, SessionRecord, build_daily_series, warning_messages
from tracker.catalog import WARNING_SIGNS

START = date(2025, 4, 7)
ADVICE = {sign.slug: sign.advice for sign in WARNING_SIGNS}


def d(n: int) -> date:
    return START + timedelta(days=n)


def diary(pains: dict[int, int | tuple[int, int]], signs: dict[int, set[str]] | None = None):
    """Check-ins on the given day numbers; days 0..last form the series."""
    signs = signs or {}
    checkins = []
    for n in sorted(set(pains) | set(signs)):
        pain = pains.get(n, 3)
        left, right = pain if isinstance(pain, tuple) else (pain, None)
        checkins.append(
            CheckinRecord(
                day=d(n),
                pain_left=left,
                pain_right=right,
                warning_signs=frozenset(signs.get(n, ())),
            )
        )
    last = max(c.day for c in checkins)
    return build_daily_series(checkins, [], [], [], START, last)


def rules(days, today: int) -> list[str]:
    return [w.rule for w in warning_messages(days, d(today))]


def test_a_recent_warning_sign_brings_the_catalogs_advice_and_source():
    days = diary({0: 4, 5: 4}, signs={5: {"numbness"}})
    [warning] = warning_messages(days, d(6))
    assert (warning.rule, warning.sign, warning.day) == ("warning-sign", "numbness", d(5))
    assert warning.message == ADVICE["numbness"]
    assert warning.source == "002"
    assert warning.reason == 'You logged "Numbness" on 12 April 2025.'


def test_one_warning_per_sign_dated_by_its_latest_day():
    days = diary({}, signs={1: {"tingling"}, 3: {"tingling", "bone-pain"}, 2: {"bone-pain"}})
    warnings = warning_messages(days, d(4))
    assert [(w.sign, w.day) for w in warnings] == [("tingling", d(3)), ("bone-pain", d(3))]
    assert [w.source for w in warnings] == ["001", "001"]


def test_bruising_means_the_pressure_was_too_high():
    [warning] = warning_messages(diary({}, signs={2: {"bruising"}}), d(2))
    assert warning.rule == "pressure-too-high"
    assert "pressure was too high" in warning.message


def test_a_sign_older_than_14_days_is_history():
    days = diary({20: 3}, signs={6: {"redness"}})
    assert rules(days, today=19) == ["warning-sign"]  # day 6 is 13 days back
    assert rules(days, today=20) == []  # 14 days back


def test_a_sign_logged_after_today_is_not_yet_known():
    assert rules(diary({0: 3}, signs={5: {"fever"}}), today=4) == []


def test_severe_pain_on_two_mornings_in_a_row():
    days = diary({0: 8, 1: 9, 2: 3, 3: (2, 8), 4: (9, 1)})
    [warning] = warning_messages(days, d(4))
    assert (warning.rule, warning.day, warning.source) == ("severe-pain", d(4), "002")
    assert "8 and then 9 out of 10" in warning.reason  # the latest pair, the worse foot


def test_severe_pain_needs_consecutive_mornings_at_8_or_more():
    assert rules(diary({0: 8, 1: 7, 2: 8}), today=2) == []
    assert rules(diary({0: 8, 2: 8, 3: 2}), today=3) == []


def test_an_old_pair_of_severe_mornings_does_not_fire():
    days = diary({0: 9, 1: 9, 16: 2})
    assert rules(days, today=14) == ["severe-pain"]  # day 1 is 13 days back
    assert rules(days, today=15) == []


def no_improvement(first: list[int], last: list[int], gap: int = 4):
    pains = dict(enumerate(first))
    pains |= {3 + gap + k: p for k, p in enumerate(last)}
    return diary(pains), 3 + gap + len(last) - 1


def test_no_improvement_after_a_week_fires():
    days, today = no_improvement([5, 6, 5], [6, 5, 6])  # 5.33 then 5.67; day 9 is 9 days in
    [warning] = warning_messages(days, d(today))
    assert (warning.rule, warning.source, warning.day) == ("no-improvement", "002", d(today))
    assert warning.reason == (
        "Your first-step pain averaged 5.3 over your first 3 days and 5.7 over the last 3."
    )


def test_the_same_pain_counts_only_once_a_week_has_passed():
    days = diary({n: 5 for n in range(8)})
    assert rules(days, today=6) == []  # 6 days since the first day of use
    assert rules(days, today=7) == ["no-improvement"]


def test_lower_pain_does_not_fire():
    days, today = no_improvement([5, 6, 5], [5, 5, 5])
    assert rules(days, today) == []


def test_two_mornings_are_needed_at_each_end():
    days = diary({0: 5, 3: 5, 8: 6, 9: 6})  # one morning in the first 3 days
    assert rules(days, today=9) == []
    days = diary({0: 5, 1: 5, 7: 6, 9: 6})  # two in days 0..2, two in days 7..9
    assert rules(days, today=9) == ["no-improvement"]
    days = diary({0: 5, 1: 5, 6: 6, 9: 6})  # only day 9 in the last 3 days
    assert rules(days, today=9) == []


def test_the_first_day_of_use_can_be_a_session():
    session = SessionRecord(day=d(0), duration_s=300, pressure=3, techniques=frozenset())
    checkins = [CheckinRecord(day=d(n), pain_left=5, pain_right=None) for n in (1, 2, 7, 8)]
    days = build_daily_series(checkins, [session], [], [], START, d(8))
    assert rules(days, today=8) == ["no-improvement"]


def steady(pains: list[int]):
    return diary(dict(enumerate(pains)))


def test_three_weeks_without_meaningful_progress_advise_a_gait_analysis():
    days = steady([6] * 7 + [5] * 15)  # 6 -> 5: one point, 17%; day 21 is 21 days in
    warnings = warning_messages(days, d(21))
    assert [w.rule for w in warnings] == ["gait-analysis"]
    assert warnings[0].source == "001"
    # The reason says why the advice fires, never just "Pain down 1.0 point".
    assert warnings[0].reason == (
        "After 3 weeks your first-step pain averages 5.0, against 6.0 in your first week: "
        "not yet the drop of about 2 points or 30% that counts as clearly better."
    )


def test_no_gait_advice_before_three_weeks():
    assert rules(steady([6] * 7 + [5] * 14), today=20) == []


def test_no_gait_advice_when_progress_is_meaningful():
    assert rules(steady([6] * 7 + [4] * 15), today=21) == []


def test_no_gait_advice_while_progress_cannot_be_measured():
    days = diary({0: 5, 1: 5, 2: 5, 19: 6, 20: 6, 21: 6})  # 6 mornings: no progress measure
    assert rules(days, today=21) == ["no-improvement"]


def test_rising_pain_gets_both_the_week_and_the_three_week_advice():
    days = steady([4] * 7 + [6] * 15)
    assert rules(days, today=21) == ["no-improvement", "gait-analysis"]


def test_no_data_no_warnings():
    assert warning_messages([], d(0)) == []
    assert warning_messages(build_daily_series([], [], [], [], d(0), d(30)), d(30)) == []
