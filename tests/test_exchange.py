"""Progress that follows the user: `progress export` and `progress import` (ids that make a merge
count nothing twice, schedules replayed as if on one machine, bad files refused whole), and the
totals `stats` reads, kept by triggers, equal to what the full history gives."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from bnquiz.errors import BnquizError
from bnquiz.outcome import Status, Verdict
from bnquiz.progress import migrations
from bnquiz.progress.database import open_store
from bnquiz.progress.exchange import export, merge_file, read
from bnquiz.progress.review import Mode, rating, replay, reschedule
from bnquiz.progress.rows import Answer
from bnquiz.progress.stats import compute, to_json
from bnquiz.quiz.loader import load_bank

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
VERDICTS = [Verdict.RIGHT, Verdict.RIGHT, Verdict.WRONG, Verdict.PARTIAL, Verdict.SKIPPED]


@pytest.fixture
def bank():
    return load_bank()  # per test, after `home` has pointed the cache at the run's own folder


def history(bank, count: int, seed: int, start: datetime = START) -> list[Answer]:
    """`count` answers a learner might give, in time order: every verdict, hints, slow and fast
    answers, crammed ones, text answers' partial scores, days with only skips."""
    rng = random.Random(seed)
    questions = bank.questions[:40]
    found, when = [], start
    for _ in range(count):
        when += timedelta(minutes=rng.choice([1, 7, 50, 60 * 20]), microseconds=rng.randrange(10**6))
        q, verdict = rng.choice(questions), rng.choice(VERDICTS)
        score = {Verdict.RIGHT: 1.0, Verdict.PARTIAL: rng.choice([1 / 3, 0.5, 2 / 3])}.get(verdict, 0.0)
        mode = rng.choice([Mode.QUIZ, Mode.REVIEW, Mode.REVIEW, Mode.CRAM])
        seconds = rng.choice([4.0, 25.0, 90.0])
        found.append(
            Answer(
                q.id, q.topic, when, "x", verdict, score, rng.random() < 0.2, seconds, q.misconception, mode
            )
        )
    return found


def record(store, answers: list[Answer], fuzz: bool = True) -> None:
    """Record answers one at a time, as a session does: each rescheduled unless crammed."""
    for answer in answers:
        card = None
        if answer.mode != Mode.CRAM:
            card = reschedule(
                store.card(answer.question_id), answer.question_id, rating(answer), answer.answered_at, fuzz
            )
        store.record_answer(answer, card)


def dump(store) -> tuple:
    answers, checks = store.history()
    return sorted(answers), sorted(checks), sorted(store.cards().items())


def test_a_merge_keeps_both_sides_and_schedules_as_if_on_one_machine(bank, tmp_path):
    """A laptop and a desktop share the history copied between them, then each adds its own;
    merged both ways, each has every answer once, and every card is the one a single machine
    that had given all the answers would hold (fuzz and all)."""
    later = START + timedelta(days=60)  # after the copy, both machines answer, days interleaved
    shared, laptop_only, desktop_only = (
        history(bank, 60, 1),
        history(bank, 80, 2, later),
        history(bank, 70, 3, later),
    )
    one = open_store(tmp_path / "one").store
    record(one, sorted(shared + laptop_only + desktop_only, key=lambda a: a.answered_at))
    laptop, desktop = open_store(tmp_path / "laptop").store, open_store(tmp_path / "desktop").store
    record(laptop, shared)
    desktop.merge(laptop.history()[0], [], lambda qid, found: replay(qid, found))  # the copy
    record(laptop, laptop_only)
    record(desktop, desktop_only)
    for source, target in ((laptop, desktop), (desktop, laptop)):
        path = tmp_path / "export.jsonl"
        path.write_text("\n".join(export(source, START)), encoding="utf-8")
        merged = merge_file(target, path, {}, fuzz=True)
        assert merged.answers == len(laptop_only if source is laptop else desktop_only)
    for store in (laptop, desktop):
        answers = store.history()[0]
        assert len(answers) == len(shared) + len(laptop_only) + len(desktop_only)
        assert len({a.uid for a in answers}) == len(answers)
        assert store.cards() == one.cards()
        assert to_json(compute(store, bank, [], START)) == to_json(compute(one, bank, [], START))


def test_importing_the_same_file_twice_changes_nothing(bank, tmp_path):
    laptop = open_store(tmp_path / "laptop").store
    record(laptop, history(bank, 50, 4))
    laptop.record_drill("forward", "bn.py", Status.PASSED, ["eps-missing"], 0.5, START)
    path = tmp_path / "laptop.jsonl"
    path.write_text("\n".join(export(laptop, START)), encoding="utf-8")
    desktop = open_store(tmp_path / "desktop").store
    record(desktop, history(bank, 30, 5))
    first = merge_file(desktop, path, {}, fuzz=True)
    assert (first.answers, first.checks) == (50, 1)
    after = dump(desktop)
    again = merge_file(desktop, path, {}, fuzz=True)
    assert (again.answers, again.checks, again.rescheduled) == (0, 0, 0)
    assert dump(desktop) == after


def test_an_export_reads_back_as_the_history_it_came_from(bank, tmp_path):
    store = open_store(tmp_path / "home").store
    record(store, history(bank, 20, 6))
    store.record_drill("fold", "fold.py", Status.FAILED, ["bias-dropped", "eps-missing"], 1.5, START)
    path = tmp_path / "out.jsonl"
    path.write_text("\n".join(export(store, START)), encoding="utf-8")
    assert read(path) == store.history()
    header = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert header["bnquiz"] == "progress" and header["version"] == 1
    assert (header["answers"], header["drill_checks"]) == (20, 1)


def test_a_merge_moves_answers_under_a_former_id_to_the_question_now(bank, tmp_path):
    q = bank.questions[0]
    old = Answer("gone/old-id", "gone", START, "a", Verdict.RIGHT, 1.0, False, 5.0, None, Mode.REVIEW)
    source = open_store(tmp_path / "a").store
    record(source, [old])
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(export(source, START)), encoding="utf-8")
    target = open_store(tmp_path / "b").store
    merge_file(target, path, {"gone/old-id": (q.id, q.topic)}, fuzz=True)
    (moved,) = target.history()[0]
    assert (moved.question_id, moved.topic) == (q.id, q.topic)
    assert set(target.cards()) == {q.id}


def _changed(drop: str = "", **fields):
    """A third line: the second one (an answer) with a new id, these fields changed and the
    field `drop` left out."""

    def line(good: list[str]) -> str:
        answer = json.loads(good[1]) | {"id": "ab" * 16} | fields
        return "\n".join([*good[:2], json.dumps({k: v for k, v in answer.items() if k != drop})])

    return line


BAD_FILES = {
    "newer": (
        lambda good: '{"bnquiz":"progress","version":2}',
        "newer bnquiz (progress format 2; this one reads 1)",
    ),
    "foreign": (lambda good: "format: 1\ntopic: x", "is not a bnquiz progress file"),
    "empty": (lambda good: "", "is not a bnquiz progress file"),
    "not json": (lambda good: "\n".join([*good[:2], "{not json"]), ":3: not JSON"),
    "truncated": (lambda good: "\n".join(good[:-1]), "is incomplete: its first line counts 10 answers and 0"),
    "no kind": (
        lambda good: "\n".join([*good[:2], '{"type":"essay"}']),
        ":3: neither an answer nor a drill check",
    ),
    "verdict": (_changed(verdict="rite"), ':3: verdict is not valid: "rite"'),
    "score": (_changed(score=1.5), ":3: score is not valid: 1.5"),
    "hint": (_changed(hint_used=1), ":3: hint_used is not valid: 1"),
    "naive time": (_changed(answered_at="2026-01-01T00:00:00"), ":3: answered_at is not valid"),
    "id": (_changed(id="xyz"), ":3: id is not valid"),
    "extra": (_changed(extra=1), ":3: an answer with unknown extra"),
    "missing": (_changed(drop="mode"), ":3: an answer without mode"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_refused_whole_and_the_history_is_unchanged(bank, tmp_path, case):
    store = open_store(tmp_path / "home").store
    record(store, history(bank, 10, 7))
    make, said = BAD_FILES[case]
    path = tmp_path / "bad.jsonl"
    path.write_text(make(list(export(store, START))), encoding="utf-8")
    before = dump(store)
    with pytest.raises(BnquizError) as caught:
        merge_file(store, path, {}, fuzz=True)
    assert said in str(caught.value)
    assert str(caught.value).startswith(str(path)) and len(str(caught.value).splitlines()) == 1
    assert dump(store) == before


def test_a_merge_that_fails_halfway_writes_nothing(bank, tmp_path):
    store = open_store(tmp_path / "home").store
    record(store, history(bank, 10, 8))
    before = dump(store)

    def failing(qid, found):
        raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError):
        store.merge(history(bank, 10, 9), [], failing)
    assert dump(store) == before


def _today(db: sqlite3.Connection, since: str) -> dict:
    """What `stats` read before it had totals: the aggregates over every answer."""
    skip, missed = Verdict.SKIPPED, (Verdict.WRONG, Verdict.PARTIAL)
    return {
        "totals": {
            qid: (n, answered, score)
            for qid, n, answered, score in db.execute(
                "SELECT question_id, COUNT(*), SUM(verdict != ?),"
                " SUM(CASE WHEN verdict != ? THEN score ELSE 0 END) FROM answers GROUP BY question_id",
                (skip, skip),
            )
        },
        "days": {day for (day,) in db.execute("SELECT DISTINCT substr(answered_at, 1, 10) FROM answers")},
        "misconceptions": list(
            db.execute(
                "SELECT misconception, COUNT(*) FROM answers WHERE verdict IN (?, ?)"
                " AND misconception IS NOT NULL GROUP BY misconception ORDER BY COUNT(*) DESC, misconception",
                missed,
            )
        ),
        "daily": list(
            db.execute(
                "SELECT substr(answered_at, 1, 10) AS day, COUNT(*), AVG(score) FROM answers"
                " WHERE verdict != ? AND answered_at >= ? GROUP BY day ORDER BY day",
                (skip, since),
            )
        ),
    }


def _kept(store, since) -> dict:
    return {
        "totals": {qid: tuple(t) for qid, t in store.totals().items()},
        "days": {day.isoformat() for day in store.days()},
        "misconceptions": [tuple(m) for m in store.misconceptions()],
        "daily": [tuple(d) for d in store.daily(since)],
    }


def _close(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a == pytest.approx(b, rel=1e-12, abs=1e-12)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def test_the_kept_totals_are_what_the_whole_history_gives(bank, tmp_path):
    """A random history, recorded one answer at a time, merged in bulk, moved to new ids and
    partly forgotten: after each, every figure `stats` shows equals today's aggregates over all
    the answers (sums of scores to the last bits of a float), and its JSON is the same."""
    store = open_store(tmp_path / "home").store
    db = sqlite3.connect(tmp_path / "home" / "progress.db")
    since = START.date() + timedelta(days=3)
    record(store, history(bank, 300, 10))
    steps = [
        lambda: store.merge(
            history(bank, 300, 11, START + timedelta(hours=5)), [], lambda q, f: replay(q, f)
        ),
        lambda: store.adopt({bank.questions[0].id: (bank.questions[1].id, bank.questions[1].topic)}),
        lambda: store.forget([bank.questions[2].id, bank.questions[3].id]),
        lambda: record(store, history(bank, 50, 12, START + timedelta(days=40))),
    ]
    for step in [lambda: None, *steps]:
        step()
        today, kept = _today(db, since.isoformat()), _kept(store, since)
        assert kept.keys() == today.keys()
        for key in kept:
            assert _close(kept[key], today[key]), key
    assert len(store.totals()) > 20 and store.misconceptions() and len(store.days()) > 5
    store.forget(None)
    assert _kept(store, since) == {"totals": {}, "days": set(), "misconceptions": [], "daily": []}


def test_an_older_database_gets_ids_from_its_content_and_its_totals(bank, tmp_path):
    """Two copies of a database from before ids: both derive the same id for the same answer
    (so merging one copy into the other adds nothing), and the totals start out right."""
    answers = history(bank, 40, 13)
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        db = sqlite3.connect(folder / "progress.db")
        db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        for step in migrations.MIGRATIONS[:3]:  # what the last bnquiz without ids created
            step(db)
            db.execute("INSERT INTO _migrations VALUES (?, ?)", (step.__name__, "2026-01-01"))
        for a in answers:
            db.execute(
                "INSERT INTO answers (question_id, topic, answered_at, given, verdict, score, hint_used,"
                " seconds, misconception, mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    a.question_id,
                    a.topic,
                    a.answered_at.isoformat(timespec="microseconds"),
                    a.given,
                    str(a.verdict),
                    a.score,
                    int(a.hint_used),
                    a.seconds,
                    a.misconception,
                    a.mode,
                ),
            )
        db.commit()
        db.close()
    a, b = open_store(tmp_path / "a").store, open_store(tmp_path / "b").store
    assert [x.uid for x in a.history()[0]] == [x.uid for x in b.history()[0]]
    assert len({x.uid for x in a.history()[0]}) == len(answers)
    assert a.merge(b.history()[0], [], lambda q, f: replay(q, f)).answers == 0
    since = START.date()
    assert _close(_kept(a, since), _today(sqlite3.connect(tmp_path / "a" / "progress.db"), since.isoformat()))


@pytest.mark.slow  # the commands end to end; the library is tested above
def test_export_and_import_from_the_command_line(bnquiz, home, bank, tmp_path):
    store = open_store(home / "home").store
    record(store, history(bank, 15, 14))
    store.close()
    out = tmp_path / "mine.jsonl"
    assert bnquiz("progress", "export", "-o", str(out)).exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 16
    refused = bnquiz("progress", "export", "-o", str(out))
    assert refused.exit_code == 1 and "already exists; pass --force" in refused.output
    piped = bnquiz("progress", "export")
    assert piped.output.splitlines()[1:] == out.read_text(encoding="utf-8").splitlines()[1:]
    again = bnquiz("progress", "import", str(out))
    assert again.exit_code == 0, again.output
    assert "Imported 0 answers and 0 drill checks" in again.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"bnquiz":"progress","version":9}\n', encoding="utf-8")
    refused = bnquiz("progress", "import", str(bad))
    assert refused.exit_code == 1
    assert refused.output.startswith("error: ") and "newer bnquiz" in refused.output
    assert "Traceback" not in refused.output


def test_the_fuzz_of_a_schedule_is_drawn_from_the_question_and_the_time():
    """FSRS spreads long intervals at random; bnquiz draws that fuzz from the question and the
    time of each review, so a replay gives the card recorded, whatever the random state."""
    qid = "ics/santurkar-finding"
    answers = [
        Answer(
            qid, "ics", START + timedelta(days=day), "a", Verdict.RIGHT, 1.0, False, 20.0, None, Mode.REVIEW
        )
        for day in (0, 1, 4, 12, 35, 90, 200)
    ]
    random.seed(1)
    first = replay(qid, answers)
    random.seed(2)
    state = random.getstate()
    assert replay(qid, answers) == first
    assert random.getstate() == state  # the caller's random numbers are left as they were
    assert replay(qid, answers, fuzz=False) != first  # the fuzz is there, on the long intervals
