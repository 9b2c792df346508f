"""`bnquiz validate` and the loader: every problem reported as file:line, never a traceback."""

from __future__ import annotations

import textwrap

import pytest
from bankcases import BROKEN, GOOD, WRONG_SHAPES
from conftest import TINY

from bnquiz.quiz.loader import collect, load_bank
from bnquiz.quiz.records import BankError


def write(tmp_path, text, name="mine.yaml"):
    path = tmp_path / "bank" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_bundled_bank_is_clean(bnquiz):
    result = bnquiz("validate")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")


def test_a_good_user_bank_validates_and_quizzes(bnquiz, tmp_path):
    path = write(tmp_path, GOOD)
    assert bnquiz("validate", str(path.parent)).exit_code == 0
    result = bnquiz("quiz", "--bank", str(path), "-t", "mine", input="a\n")
    assert result.exit_code == 0
    assert "Total: 1/1 right" in result.output


@pytest.mark.parametrize(("old", "new", "line", "message"), BROKEN)
def test_each_problem_names_file_and_line(bnquiz, tmp_path, old, new, line, message):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    result = bnquiz("validate", str(path.parent))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"mine.yaml:{line}: " in result.output
    assert message in result.output


def test_number_and_shape_answers_need_a_check_that_uses_the_key(tmp_path):
    number = GOOD.replace("    kind: choice\n", "    kind: number\n").replace(
        "    choices: [x, y]\n", "    tolerance: 0.1\n"
    )
    path = write(tmp_path, number)
    _, problems = collect([path])
    assert any("needs a 'check'" in p.message for p in problems)
    path.write_text(number.replace("    sources:", "    check: assert True\n    sources:"))
    _, problems = collect([path])
    assert [p.message for p in problems] == [
        "question 'mine/one': 'check' must test the answer key (use `answer`)"
    ]


def test_check_with_a_syntax_error_is_reported(tmp_path):
    path = write(tmp_path, GOOD.replace("    sources:", "    check: |\n      assert answer ==\n    sources:"))
    _, problems = collect([path])
    assert any("'check' is not valid Python" in p.message for p in problems)


def test_duplicate_ids_across_files(bnquiz, tmp_path):
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace("id: mine\n", "id: more\n").replace("mine/one", "mine/one"), "more.yaml")
    result = bnquiz("validate", str(tmp_path / "bank"))
    assert result.exit_code == 1
    assert "must be 'more/<kebab-case>'" in result.output
    write(tmp_path, GOOD.replace("id: mine\n", "id: mine\n"), "again.yaml")
    result = bnquiz("validate", str(tmp_path / "bank"))
    assert "duplicate question id 'mine/one'" in result.output
    assert "topic 'mine' is also defined" in result.output


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    bad = GOOD.replace("    answer: 0\n", "    answer: 9\n").replace("[ioffe2015]", "[nobody]")
    _, problems = collect([write(tmp_path, bad)])
    assert len(problems) == 2


@pytest.mark.parametrize("text", WRONG_SHAPES)
def test_files_of_the_wrong_shape(tmp_path, text):
    _, problems = collect([write(tmp_path, text)])
    assert problems
    assert all(
        str(p).startswith(str(tmp_path / "bank" / "mine.yaml")) or "mine.yaml" in str(p) for p in problems
    )


def test_a_broken_bank_stops_other_commands_with_one_line(bnquiz, tmp_path):
    path = write(tmp_path, GOOD.replace("    answer: 0\n", "    answer: 9\n"))
    result = bnquiz("quiz", "--bank", str(path), input="")
    assert result.exit_code == 1
    assert result.output.startswith("error: ")
    assert "mine.yaml:12:" in result.output


def test_a_file_that_is_not_utf8_is_reported_at_its_line_with_the_byte(tmp_path):
    path = write(tmp_path, "format: 1\n")
    path.write_bytes(b"\xff\xfe\x00bad")
    _, problems = collect([path])
    assert (problems[0].line, problems[0].message) == (1, "not UTF-8: byte 0 (0xff) cannot be decoded")
    path.write_bytes(b"format: 1\ntopic:\n  id: caf\xe9\n")
    _, problems = collect([path])
    assert (problems[0].line, problems[0].message) == (3, "not UTF-8: byte 26 (0xe9) cannot be decoded")


def test_a_bank_folder_without_yaml_says_so(bnquiz, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("x")
    for args in (["validate", str(tmp_path / "empty")], ["topics", "--bank", str(tmp_path / "empty")]):
        result = bnquiz(*args)
        assert result.exit_code == 2
        assert "holds no YAML files" in result.output


def test_load_bank_raises_bank_error_with_all_problems(tmp_path):
    bad = GOOD.replace("    answer: 0\n", "    answer: 9\n").replace("[ioffe2015]", "[nobody]")
    with pytest.raises(BankError) as info:
        load_bank([write(tmp_path, bad)])
    assert len(info.value.problems) == 2
    assert "and 1 more" in str(info.value)


def test_tiny_bank_has_every_kind():
    bank = load_bank([TINY])
    assert {q.kind for q in bank.in_topic("tiny")} == {
        "choice",
        "multi",
        "truefalse",
        "number",
        "shape",
        "text",
        "order",
    }


@pytest.mark.slow  # parses the bundled bank uncached
def test_an_edited_bank_is_read_again_not_served_from_the_cache(tmp_path, own_cache):
    path = write(tmp_path, GOOD)
    assert load_bank([path]).question("mine/one").prompt == "Pick one."
    assert list(own_cache.rglob("bank-*.pickle"))  # the clean bank was cached
    path.write_text(GOOD.replace("Pick one.", "Pick exactly one."))
    assert load_bank([path]).question("mine/one").prompt == "Pick exactly one."
    path.write_text(GOOD.replace("    answer: 0\n", "    answer: 7\n"))
    with pytest.raises(BankError):
        load_bank([path])


@pytest.mark.slow  # parses the bundled bank uncached
def test_a_damaged_cache_is_ignored(tmp_path, own_cache):
    path = write(tmp_path, GOOD)
    load_bank([path])
    for cached in own_cache.rglob("bank-*.pickle"):
        cached.write_bytes(b"not a pickle")
    assert load_bank([path]).question("mine/one").prompt == "Pick one."


def test_a_problem_with_brackets_is_printed_as_text_not_markup(bnquiz, tmp_path):
    path = write(tmp_path, GOOD.replace("    explain: Because.\n", "    explain: Because.\n    '[/x]': 1\n"))
    result = bnquiz("quiz", "--bank", str(path), input="")
    assert result.exit_code == 1
    assert "unknown key '[/x]'" in result.output  # as Rich markup this would be a closing tag
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "pure", [False, pytest.param(True, marks=pytest.mark.slow)], ids=["libyaml", "pure-python"]
)
def test_the_bundled_bank_loads_with_either_yaml_loader(monkeypatch, pure):
    """Without libyaml bnquiz falls back to PyYAML's own loader: every topic must load there too."""
    from bnquiz.quiz import yamlfile

    monkeypatch.setattr(yamlfile, "PURE_PYTHON", pure)
    bank, problems = collect()
    assert problems == []
    assert {t.id for t in bank.topics} >= {"train-eval", "ics", "backward", "small-batch"}


def test_validate_warns_about_yaml_only_libyaml_reads(bnquiz, tmp_path):
    pytest.importorskip("yaml").CSafeLoader  # noqa: B018 — the warning needs both loaders
    bank = tmp_path / "mine"
    bank.mkdir()
    text = (TINY / "tiny.yaml").read_text()
    assert "  summary:" in text
    (bank / "tiny.yaml").write_text(
        text.replace(
            "  summary:",
            "  sheet:\n    - title: T\n      text: x\n      table:\n        - [a?, b]\n  summary:",
            1,
        )
    )
    result = bnquiz("validate", str(bank))
    assert "warning: only libyaml reads this" in result.output and "tiny.yaml:" in result.output


@pytest.mark.slow  # parses the bundled bank uncached
@pytest.mark.parametrize("cached", [False, True])
def test_a_clash_with_the_bundled_bank_is_found_cached_or_not(bnquiz, tmp_path, own_cache, cached):
    """With the bundled bank cached, only the user's files are parsed; a topic, question or
    source id the bundled bank already has is still a problem."""
    if cached:
        assert bnquiz("topics").exit_code == 0  # caches the bundled bank alone
        assert list(own_cache.rglob("bank-*.pickle"))
    clash = GOOD.replace("id: mine\n", "id: ics\n").replace("mine/one", "ics/ics-vs-covariate-shift")
    write(tmp_path, clash)
    (tmp_path / "bank" / "sources.yaml").write_text(
        "format: 1\nsources:\n  - id: ioffe2015\n    short: x\n    title: x\n    url: https://example.org\n"
    )
    _, problems = collect([tmp_path / "bank"])
    messages = " | ".join(p.message for p in problems)
    assert "topic 'ics' is also defined" in messages
    assert "duplicate question id 'ics/ics-vs-covariate-shift'" in messages
    assert "'ioffe2015' is already defined in another sources.yaml" in messages


@pytest.mark.slow  # parses the bundled bank uncached
def test_a_users_bank_reuses_the_cached_bundled_bank(monkeypatch, tmp_path, own_cache):
    from bnquiz.quiz import schema

    load_bank()  # the bundled bank alone, parsed once and cached
    parsed = []
    real = schema.load_topic_file
    monkeypatch.setattr(
        schema, "load_topic_file", lambda path, *a, **k: parsed.append(path.name) or real(path, *a, **k)
    )
    bank = load_bank([write(tmp_path, GOOD)])
    assert parsed == ["mine.yaml"] and bank.question("mine/one") and len(bank.topics) > 6
