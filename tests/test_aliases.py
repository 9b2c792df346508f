"""A question that moved to another topic or absorbed a duplicate keeps its history: its former
ids are aliases that `show`, `quiz --id` and progress resolve, and no id disappears silently."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from test_review import _record

from bnquiz.progress.database import open_store

MOVED = """\
format: 1
topic:
  id: moved
  title: Moved topic
  summary: Questions that came from other topics.
questions:
  - id: moved/eval
    aliases: [old/eval, old/eval-again]
    kind: truefalse
    level: 1
    prompt: In eval mode BN normalizes with the running estimates.
    answer: true
    explain: Eval mode uses the running estimates, so the output depends on the input alone.
    sources: [torch-batchnorm]
  - id: moved/other
    kind: truefalse
    level: 1
    prompt: BN has learnable γ and β.
    answer: true
    explain: Both are parameters of the layer, updated by the optimizer.
    sources: [ioffe2015 §3]
"""
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def bank(tmp_path, text=MOVED):
    (tmp_path / "moved.yaml").write_text(text)
    return str(tmp_path / "moved.yaml")


def test_show_and_quiz_find_a_question_by_its_former_id(bnquiz, tmp_path):
    path = bank(tmp_path)
    assert "moved/eval · Moved topic" in bnquiz("show", "old/eval", "--bank", path).output
    asked = bnquiz("quiz", "--bank", path, "--id", "old/eval-again", "--no-record", input="t\n")
    assert asked.exit_code == 0 and "moved/eval" in asked.output and "✓ right" in asked.output
    exported = json.loads(bnquiz("export", "--bank", path).output)
    (moved,) = [t for t in exported["topics"] if t["id"] == "moved"]
    assert moved["questions"][0]["aliases"] == ["old/eval", "old/eval-again"]
    assert "aliases" not in moved["questions"][1]


def test_a_former_id_may_name_one_question_and_no_question_of_today(bnquiz, tmp_path):
    taken = MOVED.replace("[old/eval, old/eval-again]", "[old/eval, moved/other]")
    result = bnquiz("validate", bank(tmp_path, taken))
    assert result.exit_code == 1 and "alias 'moved/other' is already moved/other's" in result.output
    twice = MOVED.replace(
        "    kind: truefalse\n    level: 1\n    prompt: BN has",
        "    aliases: [old/eval]\n    kind: truefalse\n    level: 1\n    prompt: BN has",
    )
    result = bnquiz("validate", bank(tmp_path, twice))
    assert result.exit_code == 1 and "alias 'old/eval' is already moved/eval's" in result.output
    malformed = MOVED.replace("[old/eval, old/eval-again]", "[Old Eval]")
    result = bnquiz("validate", bank(tmp_path, malformed))
    assert result.exit_code == 1 and "'aliases' must list former question ids" in result.output


def test_history_under_a_former_id_becomes_the_questions(bnquiz, home, tmp_path, monkeypatch):
    data, path = home / "home", bank(tmp_path)
    monkeypatch.setenv("BNQUIZ_NOW", (T0 + timedelta(days=1)).isoformat())
    _record(data, "old/eval", "wrong", T0)
    _record(data, "old/eval-again", "right", T0 + timedelta(hours=1))
    with sqlite3.connect(data / "progress.db") as db:  # both former ids were reviewed
        db.execute("INSERT INTO cards VALUES ('old/eval', '2026-11-03T00:00:00.000000+00:00', 1.0, 'first')")
        db.execute(
            "INSERT INTO cards VALUES ('old/eval-again', '2026-11-09T00:00:00.000000+00:00', 9.0, 'last')"
        )
    stats = json.loads(bnquiz("stats", "--json", "--bank", path).output)
    (moved,) = [t for t in stats["topics"] if t["topic"] == "moved"]
    assert (moved["seen"], moved["answered"]) == (1, 2)
    opened = open_store(data)
    assert {(a.question_id, a.topic) for a in opened.store.answers()} == {("moved/eval", "moved")}
    assert {qid: c.card for qid, c in opened.store.cards().items()} == {"moved/eval": "last"}
    opened.store.close()
    again = json.loads(bnquiz("stats", "--json", "--bank", path).output)
    assert again["topics"] == stats["topics"]  # adopting twice changes nothing


def test_a_card_under_todays_id_answered_later_is_kept(home, tmp_path):
    from bnquiz.quiz.loader import load_bank

    data = home / "home"
    _record(data, "old/eval", "wrong", T0)
    _record(data, "moved/eval", "right", T0 + timedelta(days=1))
    with sqlite3.connect(data / "progress.db") as db:
        db.execute("INSERT INTO cards VALUES ('old/eval', '2026-11-03T00:00:00.000000+00:00', 1.0, 'old')")
        db.execute("INSERT INTO cards VALUES ('moved/eval', '2026-11-09T00:00:00.000000+00:00', 9.0, 'new')")
    renames = {old: (q.id, q.topic) for old, q in load_bank([Path(bank(tmp_path))]).renames().items()}
    opened = open_store(data)
    assert opened.store.adopt(renames) == 1 and opened.store.adopt(renames) == 0
    assert {qid: c.card for qid, c in opened.store.cards().items()} == {"moved/eval": "new"}
    opened.store.close()
