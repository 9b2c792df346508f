"""Spaced review: ratings, FSRS scheduling on a fixed clock, what `review` picks, and stats."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from bundled import bundled_bank
from conftest import TINY

from bnquiz.outcome import Status, Verdict
from bnquiz.progress.clock import stamp
from bnquiz.progress.database import open_store
from bnquiz.progress.review import NEW_PER_SESSION, Mode, Recorder, next_up, rating, reschedule, review_plan
from bnquiz.progress.rows import Answer
from bnquiz.quiz.session import Attempt

BANK = bundled_bank(TINY)
Q = {q.id: q for q in BANK.questions}
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def attempt(qid, verdict="right", seconds=20.0, hint=False, score=None):
    return Attempt(Q[qid], Verdict(verdict), 1.0 if score is None else score, "x", "x", hint, seconds)


@pytest.mark.parametrize(
    ("kwargs", "grade"),
    [
        ({"verdict": "wrong"}, 1),
        ({"verdict": "skipped"}, 1),
        ({"verdict": "partial", "score": 0.5}, 2),
        ({"hint": True}, 2),
        ({"seconds": 90.0}, 2),
        ({"seconds": 5.0}, 4),
        ({"seconds": 20.0}, 3),
    ],
)
def test_rating_from_verdict_hint_and_time(kwargs, grade):
    assert rating(attempt("tiny/choice", **kwargs)) == grade


def due(card):
    return datetime.fromisoformat(card.due)


def test_a_missed_question_comes_back_sooner_than_a_known_one():
    missed = reschedule(None, "tiny/choice", 1, T0, fuzz=False)
    known = reschedule(None, "tiny/multi", 3, T0, fuzz=False)
    easy = reschedule(None, "tiny/number", 4, T0, fuzz=False)
    assert due(missed) < due(known) < due(easy)
    # after a few good reviews the interval grows; a lapse brings it back within a day
    card, when = known, T0
    for _ in range(3):
        when = due(card)
        card = reschedule(card.card, "tiny/multi", 3, when, fuzz=False)
    assert due(card) - when > timedelta(days=3)
    lapsed = reschedule(card.card, "tiny/multi", 1, due(card), fuzz=False)
    assert due(lapsed) - due(card) < timedelta(days=1)


def test_scheduling_without_fuzz_is_deterministic():
    a = reschedule(None, "tiny/choice", 3, T0, fuzz=False)
    b = reschedule(None, "tiny/choice", 3, T0, fuzz=False)
    assert a == b


@pytest.mark.parametrize("draw", [0.0, 0.999])
def test_a_pinned_clock_schedules_without_fuzz(bnquiz, home, monkeypatch, draw):
    # fsrs fuzzes a review interval with random(); a pinned clock promises the same record
    # on every run, so the interval must not depend on the draw
    import fsrs.scheduler

    monkeypatch.setattr(fsrs.scheduler, "random", lambda: draw)
    monkeypatch.setenv("BNQUIZ_NOW", stamp(T0))
    result = bnquiz("quiz", "--bank", str(TINY), "-t", "tiny", "-n", "1", "--seed", "7", input="t\n")
    assert result.exit_code == 0 and "right" in result.output.lower()
    opened = open_store(home / "home")
    card = opened.store.card("tiny/truefalse")
    opened.store.close()
    expected = reschedule(None, "tiny/truefalse", 4, T0, fuzz=False)
    assert card == expected.card and expected.due > stamp(T0 + timedelta(days=3))  # long enough to fuzz


def test_review_picks_due_questions_first_most_overdue_first():
    cards = {
        "tiny/choice": reschedule(None, "tiny/choice", 1, T0 - timedelta(hours=5), fuzz=False),
        "tiny/multi": reschedule(None, "tiny/multi", 1, T0 - timedelta(hours=1), fuzz=False),
        "tiny/number": reschedule(None, "tiny/number", 4, T0, fuzz=False),  # due in days
    }
    plan, note = review_plan(BANK, cards, ["tiny"], 10, T0, seed=1)
    ids = [q.id for q in plan.questions]
    assert note is None
    assert ids[:2] == ["tiny/choice", "tiny/multi"]
    assert "tiny/number" not in ids  # not due
    assert len(ids) == 2 + min(NEW_PER_SESSION, 4)  # then a few of the four new ones


def test_a_session_ends_with_what_is_due_by_tomorrow_and_the_new_questions_left():
    cards = {
        "tiny/choice": reschedule(None, "tiny/choice", 1, T0 - timedelta(hours=5), fuzz=False),  # overdue
        "tiny/multi": reschedule(None, "tiny/multi", 1, T0, fuzz=False),  # missed now: back within a day
        "tiny/number": reschedule(None, "tiny/number", 4, T0, fuzz=False),  # known: due in days
        "gone/question": reschedule(None, "gone/question", 1, T0, fuzz=False),  # no longer in the bank
    }
    new = len([q for q in BANK.questions if q.id not in cards])
    assert next_up(BANK, cards, T0) == f"Next: 2 due by tomorrow, {new} new left (bnquiz review)."


def test_nothing_due_says_when_and_cram_reviews_anyway():
    cards = {q.id: reschedule(None, q.id, 4, T0, fuzz=False) for q in BANK.in_topic("tiny")}
    plan, note = review_plan(BANK, cards, ["tiny"], 10, T0 + timedelta(minutes=1))
    assert not plan.questions
    assert note.startswith("Nothing is due. The next review is in ") and "--cram" in note
    plan, note = review_plan(BANK, cards, ["tiny"], 10, T0 + timedelta(minutes=1), cram=True)
    assert note is None and len(plan.questions) == len(cards)


def test_a_question_removed_from_the_bank_drops_out_of_reviews():
    cards = {"tiny/gone": reschedule(None, "tiny/gone", 1, T0 - timedelta(days=1), fuzz=False)}
    plan, _ = review_plan(BANK, cards, ["tiny"], 10, T0, seed=0)
    assert "tiny/gone" not in [q.id for q in plan.questions]


def test_recorder_stores_answers_and_cards_but_cram_does_not_reschedule(tmp_path):
    opened = open_store(tmp_path)
    Recorder(opened.store, Mode.QUIZ, clock=lambda: T0, fuzz=False)(attempt("tiny/choice", "wrong"))
    first = opened.store.cards()["tiny/choice"]
    Recorder(opened.store, Mode.CRAM, clock=lambda: T0 + timedelta(hours=1))(attempt("tiny/choice"))
    assert opened.store.cards()["tiny/choice"] == first
    rows = [(a.verdict, a.mode) for a in opened.store.answers()]
    assert rows == [("wrong", "quiz"), ("right", "cram")]
    opened.store.close()


def test_review_through_the_cli_brings_back_what_was_missed(bnquiz, monkeypatch):
    from bnquiz.quiz.plan import plan

    (missed,) = plan(BANK, ["tiny"], 1, None, 3).questions
    monkeypatch.setenv("BNQUIZ_NOW", "2026-11-01T09:00:00+00:00")
    result = bnquiz("quiz", "--bank", str(TINY), "-t", "tiny", "-n", "1", "--seed", "3", input="s\n")
    assert result.exit_code == 0
    monkeypatch.setenv("BNQUIZ_NOW", "2026-11-01T09:30:00+00:00")
    result = bnquiz("review", "--bank", str(TINY), "-t", "tiny", "-n", "3", "--seed", "1", input="q\n")
    assert result.exit_code == 0
    first = result.output.split("1/3 · ", 1)[1].splitlines()[0]
    assert first.endswith(missed.id)  # the due question comes before any new one


def _record(home, qid, verdict, when, misconception=None):
    opened = open_store(home)
    score = 1.0 if verdict == "right" else 0.0
    answer = Answer(
        qid, qid.split("/")[0], when, "x", Verdict(verdict), score, False, 5.0, misconception, "quiz"
    )
    opened.store.record_answer(answer)
    opened.store.close()


def test_stats_per_topic_streak_misconceptions_and_drills(bnquiz, home, monkeypatch):
    data = home / "home"
    today = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)
    monkeypatch.setenv("BNQUIZ_NOW", today.isoformat())
    for days_ago in (0, 1, 2, 4):
        _record(data, "tiny/choice", "right", today - timedelta(days=days_ago))
    _record(data, "tiny/multi", "wrong", today, misconception="eval-uses-test-batch")
    _record(data, "tiny/number", "wrong", today, misconception="eval-uses-test-batch")
    _record(data, "tiny/shape", "wrong", today, misconception="running-var-is-biased")
    _record(data, "tiny/text", "skipped", today)
    opened = open_store(data)
    opened.store.record_drill("forward", "a.py", Status.FAILED, ["unbiased-variance"], 1.0, today)
    opened.store.record_drill("forward", "a.py", Status.PASSED, [], 1.0, today)
    opened.store.record_drill("cs231n", "b.py", Status.BROKEN, ["timeout"], 1.0, today)
    opened.store.close()
    with sqlite3.connect(data / "progress.db") as db:  # a card with no answer behind it
        db.execute(
            "INSERT INTO cards VALUES ('tiny/choice', ?, 30.0, '{}')", (stamp(today + timedelta(days=20)),)
        )
    result = bnquiz("stats", "--json", "--bank", str(TINY))
    data_json = json.loads(result.output)
    (tiny,) = [t for t in data_json["topics"] if t["topic"] == "tiny"]
    assert (tiny["seen"], tiny["answered"], tiny["mastered"]) == (5, 7, 1)
    assert tiny["accuracy"] == pytest.approx(4 / 7, abs=1e-4)
    assert data_json["streak_days"] == 3  # today, yesterday, the day before; not 4 days ago
    assert data_json["misconceptions"][0] == {
        "id": "eval-uses-test-batch",
        "claim": BANK.misconceptions["eval-uses-test-batch"].claim,
        "wrong_answers": 2,
    }
    drills = {d["drill"]: d for d in data_json["drills"]}
    assert drills["forward"]["passed"] and drills["forward"]["checks"] == 2
    assert drills["cs231n"]["best"] == "broken" and not drills["d2l"]["checks"]
    view = bnquiz("stats", "--bank", str(TINY)).output
    assert "Streak: 3 days" in view and "Accuracy by day" in view and "█" in view
    assert "forward ✓" in view


def test_editing_a_question_keeps_its_history(bnquiz, home, tmp_path):
    _record(home / "home", "tiny/choice", "right", T0)
    edited = tmp_path / "edited"
    edited.mkdir()
    text = (
        (TINY / "tiny.yaml").read_text().replace("which statistics does", "which statistics, exactly, does")
    )
    (edited / "tiny.yaml").write_text(text)
    data_json = json.loads(bnquiz("stats", "--json", "--bank", str(edited)).output)
    (tiny,) = [t for t in data_json["topics"] if t["topic"] == "tiny"]
    assert tiny["seen"] == 1


def test_reset_asks_first_and_can_be_limited_to_a_topic(bnquiz, home):
    _record(home / "home", "tiny/choice", "right", T0)
    _record(home / "home", "ics/santurkar-finding", "right", T0)
    declined = bnquiz("reset", "--bank", str(TINY), input="n\n")
    assert declined.exit_code == 1 and "Nothing was deleted" in declined.output
    assert bnquiz("reset", "--bank", str(TINY), "-t", "tiny", "--yes").output.startswith("Forgot 1 answers")
    remaining = open_store(home / "home").store.answers()
    assert [a.question_id for a in remaining] == ["ics/santurkar-finding"]
    assert bnquiz("reset", input="y\n").exit_code == 0
    assert open_store(home / "home").store.answers() == []
