"""`bnquiz export --format anki`, imported by Anki's own library into a fresh collection: one deck
per topic under a parent, one note per question with its fields and tags; re-importing an edited
export updates the notes instead of adding new ones."""

from __future__ import annotations

import time

import pytest

from bnquiz import load_bank
from bnquiz.quiz.deck import FIELDS, PARENT, to_apkg

pytestmark = pytest.mark.slow  # Anki's library opens a collection and imports a package (seconds)


@pytest.fixture
def anki_collection():
    """Anki's own library (imported here, not when the suite is collected: it is heavy)."""
    return pytest.importorskip("anki.collection")


def _import(anki_collection, collection, path):
    request = anki_collection.ImportAnkiPackageRequest(
        package_path=str(path),
        options=anki_collection.ImportAnkiPackageOptions(),  # Anki's defaults
    )
    collection.import_anki_package(request)


def _notes(collection) -> dict[str, dict[str, str]]:
    """Each note's fields by the question id it holds."""
    found = {}
    for note_id in collection.find_notes(""):
        note = collection.get_note(note_id)
        fields = dict(zip(FIELDS, note.fields, strict=True))
        fields["tags"] = " ".join(note.tags)
        fields["deck"] = collection.decks.name(collection.get_card(note.card_ids()[0]).did)
        found[fields["Id"]] = fields
    return found


def test_the_deck_imports_into_anki_and_a_newer_export_updates_it(tmp_path, bnquiz, anki_collection):
    bank = load_bank()
    package = tmp_path / "bank.apkg"
    result = bnquiz("export", "-o", str(package))  # the format from the suffix
    assert result.exit_code == 0, result.output
    collection = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        _import(anki_collection, collection, package)
        notes = _notes(collection)
        assert sorted(notes) == sorted(q.id for q in bank.questions)
        decks = {d.name for d in collection.decks.all_names_and_ids()}
        assert {f"{PARENT}::{t.title}" for t in bank.topics} <= decks and PARENT in decks
        for question in bank.questions:
            note = notes[question.id]
            assert note["deck"] == f"{PARENT}::{bank.topic(question.topic).title}"
            assert f"bnquiz::topic::{question.topic}" in note["tags"]
            assert "bnquiz::level::" in note["tags"]
            assert bool(question.misconception) == ("bnquiz::misconception::" in note["tags"])
            assert note["Explanation"] and note["Answer"] and note["Prompt"]
            assert all(c.source.url in note["Sources"] for c in question.citations)
        gradient = notes["backward/derive-input-gradient"]
        assert r"\(\frac{\partial \ell}{\partial x_i}" in gradient["Prompt"] + gradient["Answer"]  # MathJax
        listing = next(q for q in bank.questions if q.code)
        assert "<pre" in notes[listing.id]["Extra"] and "color" in notes[listing.id]["Extra"]  # highlighted

        edited = bank._replace(
            questions=tuple(
                q._replace(explain=q.explain + " Edited.") if q.id == listing.id else q
                for q in bank.questions
            )
        )
        newer = tmp_path / "newer.apkg"
        to_apkg(edited, newer, timestamp=time.time() + 60)  # a later export
        _import(anki_collection, collection, newer)
        again = _notes(collection)
        assert len(again) == len(notes) == collection.note_count()  # updated, not duplicated
        assert again[listing.id]["Explanation"].rstrip().endswith("Edited.</p>")
        assert again[listing.id]["Explanation"] != notes[listing.id]["Explanation"]
    finally:
        collection.close()


def test_the_chinese_deck_is_in_chinese_beside_the_english_one(tmp_path, bnquiz, anki_collection):
    for language in ("en", "zh"):
        assert bnquiz("--lang", language, "export", "-o", str(tmp_path / f"{language}.apkg")).exit_code == 0
    collection = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        for language in ("en", "zh"):
            _import(anki_collection, collection, tmp_path / f"{language}.apkg")
        bank = load_bank()
        assert collection.note_count() == 2 * len(bank.questions)  # one note per question per language
        zh = bank.localized("zh")
        question = zh.question("train-eval/no-grad-validation")
        found = collection.find_notes(f'"deck:{"bnquiz：批量规范化"}*"')
        prompts = {collection.get_note(n).fields[0] for n in found}
        assert len(found) == len(bank.questions)
        assert any(question.prompt.split("`")[0][:12] in p for p in prompts)
    finally:
        collection.close()


def test_anki_without_a_file_writes_one_here_and_keeps_what_is_there(tmp_path, bnquiz):
    result = bnquiz("export", "--format", "anki")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "bnquiz.apkg").stat().st_size > 0
    again = bnquiz("export", "--format", "anki")
    assert again.exit_code == 1 and "--force" in again.output
    refused = bnquiz("export", "--format", "anki", "-o", str(tmp_path / "deck.json"))
    assert refused.exit_code == 2
