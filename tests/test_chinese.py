"""The Chinese edition: choosing the language, the bank's `zh` blocks (complete in the bundled
bank, of the English one's shape, keeping its numbers, code and maths), and the commands
speaking Chinese while progress stays keyed on question ids."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bundled import bundled_bank
from conftest import TINY
from hypothesis import given
from hypothesis import strategies as st
from test_validate import write

from bnquiz.language import choose
from bnquiz.quiz.loader import collect
from bnquiz.quiz.translation import drift, unfold

BANK = bundled_bank()
ZH = BANK.localized("zh")

MINE = """\
format: 1
topic:
  id: mine
  title: Mine
  summary: A bank of my own.
  zh:
    title: 我的题库
    summary: 我自己的题库。
questions:
  - id: mine/one
    kind: choice
    level: 1
    prompt: With momentum 0.1, which value does `running_mean` weight by 0.9?
    choices: [the old one, the new one]
    answer: 0
    explain: Because running = 0.9·running + 0.1·mean.
    zh:
      prompt: 当动量为 0.1 时，`running_mean` 以 0.9 加权的是哪个值？
      choices: [旧值, 新值]
      explain: 因为 running = 0.9·running + 0.1·mean。
    sources: [ioffe2015]
"""


def flat(text: str) -> str:
    """The text without spaces, line breaks and inline-code marks: Rich wraps Chinese anywhere."""
    return "".join(text.replace("`", "").split())


# --- choosing the language --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "env", "language"),
    [
        (None, {}, "en"),
        (None, {"LANG": "zh_CN.UTF-8"}, "zh"),
        (None, {"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
        (None, {"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, "zh"),
        (None, {"LC_ALL": "C", "BNQUIZ_LANG": "zh"}, "zh"),
        ("en", {"BNQUIZ_LANG": "zh", "LANG": "zh_CN.UTF-8"}, "en"),
        ("zh-CN", {}, "zh"),
    ],
)
def test_the_flag_then_bnquiz_lang_then_the_locale(monkeypatch, flag, env, language):
    for name in ("BNQUIZ_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert choose(flag) == language


@pytest.mark.parametrize("args", [["--lang", "fr", "topics"], ["topics", "--lang", "fr"]])
def test_an_unknown_language_is_a_usage_error(bnquiz, args):
    result = bnquiz(*args)
    assert result.exit_code == 2
    assert result.output.strip() == "error: --lang: unknown language 'fr'; choose one of en, zh"


def test_an_unknown_bnquiz_lang_is_a_usage_error(bnquiz):
    result = bnquiz("topics", env={"BNQUIZ_LANG": "klingon"})
    assert result.exit_code == 2 and "BNQUIZ_LANG: unknown language 'klingon'" in result.output


# --- the bank's Chinese text ------------------------------------------------------------------


def test_every_bundled_text_has_its_chinese():
    items = [*BANK.topics, *(e for t in BANK.topics for e in t.sheet), *BANK.questions]
    items += list(BANK.misconceptions.values())
    for item in items:
        assert item.zh, item
    for before, after in zip(BANK.questions, ZH.questions, strict=True):
        assert after.id == before.id
        assert after.answer == before.answer or before.kind == "text"  # only a model answer is text
        assert len(after.choices) == len(before.choices) and len(after.steps) == len(before.steps)
        assert len(after.points) == len(before.points)
        assert after.prompt != before.prompt and after.explain != before.explain
        assert (after.hint is None) == (before.hint is None)


def test_each_chinese_text_keeps_the_numbers_code_and_maths_of_its_english():
    """Proven on the bundled bank through the loader (it reports drift as a problem); here on
    the rule itself."""
    english = "eps = 1e-5 and momentum 0.1 in `F.batch_norm`"
    assert drift(english, "eps = 1e-5，动量 0.1，见 `F.batch_norm`") == ""
    assert "drops number 0.1" in drift("momentum 0.1", "动量 0.01")
    assert "adds number 0.01" in drift("momentum 0.1", "动量 0.01")
    assert "drops code `running_var`" in drift("`running_var`", "running_var")
    assert "drops maths σ_B²" in drift("divide by σ_B², then", "然后除以方差")
    assert drift("a zero-γ start, x̂'s mean", "γ 为零的初始化，x̂ 的均值") == ""


def test_folded_chinese_loses_the_space_between_characters_only():
    assert unfold("训练时使用\n批量统计量".replace("\n", " ")) == "训练时使用批量统计量"
    assert unfold("在 eval 模式下，γ 和 β 不变") == "在 eval 模式下，γ 和 β 不变"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("      choices: [旧值, 新值]\n", "      choices: [旧值]\n", "'choices' must list 2 texts"),
        ("以 0.9 加权", "以 0.8 加权", "the Chinese 'prompt' drops number 0.9; adds number 0.8"),
        ("      explain: 因为 running = 0.9·running + 0.1·mean。\n", "", "no Chinese 'explain'"),
        ("    zh:\n      prompt:", "    zh:\n      hint: 想一想。\n      prompt:", "unknown key 'hint'"),
    ],
)
def test_a_wrong_zh_block_is_a_problem_at_its_line(tmp_path, old, new, message):
    text = MINE.replace(old, new)
    assert text != MINE
    _, problems = collect([write(tmp_path, text)])
    assert any(message in p.message for p in problems), problems


ENGLISH = """\
format: 1
topic:
  id: mine
  title: Mine
  summary: A bank of my own.
questions:
  - id: mine/one
    kind: truefalse
    level: 1
    prompt: With momentum 0.1, PyTorch weights the new batch statistic by 0.1.
    answer: true
    explain: Because running = 0.9·running + 0.1·mean.
    sources: [torch-batchnorm]
"""


def test_a_users_bank_may_be_english_only(bnquiz, tmp_path):
    path = write(tmp_path, ENGLISH)
    assert collect([path])[1] == []
    result = bnquiz("--lang", "zh", "show", "mine/one", "--bank", str(path))
    assert result.exit_code == 0 and "PyTorch weights the new batch statistic" in result.output


# --- the commands in Chinese ------------------------------------------------------------------


def test_show_topics_and_export_speak_chinese(bnquiz, tmp_path):
    question = ZH.question("train-eval/precise-bn-cumulative-average")
    shown = bnquiz("--lang", "zh", "show", question.id)
    assert shown.exit_code == 0
    assert flat(question.prompt) in flat(shown.output) and flat(question.explain) in flat(shown.output)
    topics = bnquiz("topics", env={"BNQUIZ_LANG": "zh"})
    summary = ZH.topic("train-eval").summary
    first, rest = summary.split("。", 1)
    assert ZH.topic("train-eval").title in topics.output
    assert flat(first + "。") in flat(topics.output) and flat(rest)[:10] not in flat(topics.output)
    exported = bnquiz("export", "--lang", "zh", "-o", str(tmp_path / "bank.json"))
    assert exported.exit_code == 0
    data = json.loads((tmp_path / "bank.json").read_text(encoding="utf-8"))
    one = next(q for t in data["topics"] for q in t["questions"] if q["id"] == question.id)
    assert one["prompt"] == question.prompt and one["choices"] == list(question.choices)


def test_switching_language_keeps_progress(bnquiz, tmp_path):
    common = ["quiz", "--bank", str(TINY), "-t", "tiny", "-n", "1", "--seed", "7"]
    assert bnquiz(*common, input="对\n").exit_code == 0  # in English, answered in Chinese
    stats = bnquiz("--lang", "zh", "stats", "--json", "--bank", str(TINY))
    assert stats.exit_code == 0
    tiny = next(t for t in json.loads(stats.output)["topics"] if t["topic"] == "tiny")
    assert tiny["seen"] == 1


@pytest.mark.parametrize(
    "args",
    [
        ["topics"],
        ["show", "ics/why-bn-works"],
        ["show", "reduction-axes/norm-family-sets"],
        ["cheatsheet", "--topic", "small-batch", "--no-pager"],
        ["quiz", "-t", "small-batch", "-n", "2", "--seed", "1", "--no-record"],
    ],
)
def test_chinese_fits_80_columns_without_cutting_a_word(bnquiz, args):
    """Double-width characters count twice; a Chinese line wraps, never runs past the edge or
    ends in an ellipsis."""
    from rich.cells import cell_len

    result = bnquiz("--lang", "zh", *args, input="s\ns\n", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(cell_len(line.rstrip()) for line in lines) <= 80
    assert not any(line.rstrip().endswith("…") for line in lines)
    assert sum(1 for c in result.output if "\u4e00" <= c <= "\u9fff") > 50  # it is Chinese


def test_a_chinese_quiz_session_grades_as_the_english_one(bnquiz, tmp_path):
    """The same scripted answers, in either language, get the same verdicts; the Chinese
    session speaks Chinese."""
    common = ["quiz", "--bank", str(TINY), "-t", "tiny", "-n", "3", "--seed", "7"]
    records = {}
    for language in ("en", "zh"):
        out = tmp_path / f"{language}.json"
        result = bnquiz(
            "--lang", language, *common, "--json", str(out), input="对\nb\ns\n", env={"COLUMNS": "80"}
        )
        assert result.exit_code == 0, result.output
        records[language] = json.loads(out.read_text(encoding="utf-8"))
        if language == "zh":
            assert (
                "✓ 正确" in result.output and "总计：答对" in result.output and "各主题得分" in result.output
            )
            assert "Total:" not in result.output and "Score by topic" not in result.output
    for key in ("id", "verdict", "score"):
        assert [a[key] for a in records["en"]["attempts"]] == [a[key] for a in records["zh"]["attempts"]]


ENGLISH_WORDS = re.compile(r"\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b")  # three English words in a row


@pytest.mark.parametrize(
    ("args", "typed"),
    [
        (["topics"], ""),
        (["show", "train-eval/running-stats-are-buffers"], ""),
        (["quiz", "-t", "backward", "-n", "3", "--seed", "2"], "x\n?\na\ns\ns\n"),
        (["stats"], ""),
    ],
)
def test_the_chinese_screens_have_no_english_sentences(bnquiz, args, typed):
    """Code, ids, commands and source titles stay as they are; no English sentence remains."""
    bnquiz("quiz", "-t", "ics", "-n", "2", "--seed", "1", input="a\nb\n")  # something for stats
    result = bnquiz("--lang", "zh", *args, input=typed)
    assert result.exit_code == 0, result.output
    for line in result.output.splitlines():
        if line.startswith("出处") or "https://" in line:
            continue  # a source's own title, and its address
        assert not ENGLISH_WORDS.search(line), line


# --- the Chinese PDF --------------------------------------------------------------------------


@pytest.mark.slow  # typesets a PDF (CI runs it; the everyday loop checks the Typst source)
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_chinese_pdf_has_its_facts_on_two_pages_and_its_chinese_headings(bnquiz, tmp_path, paper):
    from pypdf import PdfReader
    from test_cheatsheet import facts_and_references

    target = tmp_path / "sheet.pdf"
    result = bnquiz("--lang", "zh", "cheatsheet", "-f", "pdf", "--paper", paper, "-o", str(target))
    assert result.exit_code == 0, result.output
    reader = PdfReader(target)
    facts, references = facts_and_references(reader.pages)
    assert flat(references).startswith("批量规范化：常见误解与出处")
    assert all(flat(t.title) in flat(facts) for t in ZH.topics)
    text = flat("".join(page.extract_text() for page in reader.pages))
    for heading in ("批量规范化：速查表", "常见误解", "出处", *(flat(t.title) for t in ZH.topics)):
        assert heading in text, heading


def test_the_chinese_font_has_every_character_of_the_chinese_sheet():
    """No tofu: each character the Chinese sheet uses that Typst's own fonts lack is in the CJK
    font bnquiz ships (Latin, Greek and maths come from Typst's fonts, as in English)."""
    from fontTools.ttLib import TTFont

    from bnquiz import language
    from bnquiz.sheet import build_sheet
    from bnquiz.sheet.pdf import FONTS, render_typst

    language.use("zh")
    try:
        source = render_typst(build_sheet(ZH))
    finally:
        language.forget()
    covered = set(TTFont(FONTS / "bnquiz-cjk.otf").getBestCmap())
    wide = {c for c in source if ord(c) >= 0x2E80 and not 0x1D400 <= ord(c) <= 0x1D7FF}
    assert len(wide) > 300 and {c for c in wide if ord(c) not in covered} == set()


def test_a_drill_report_with_a_finding_in_chinese(bnquiz, tmp_path):
    """CS231n's backward with a hard-coded eps (a NumPy drill: a fraction of a second)."""
    import shutil

    source = Path(__file__).parent / "drills" / "cs231n" / "wrong" / "eps-ignored-backward.py"
    shutil.copy(source, tmp_path / "bn_cs231n.py")
    result = bnquiz("--lang", "zh", "drill", "check", str(tmp_path / "bn_cs231n.py"), "--no-record")
    assert result.exit_code == 1, result.output
    text = flat(result.output)
    assert "你在batchnorm_backward中忽略了eps参数" in text and "[eps-ignored]" in text
    assert "训练模式前向传播" in text and "未通过：49项检查中通过47项；发现1个问题" in text
    for line in result.output.splitlines():
        assert not ENGLISH_WORDS.search(line), line


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["show"], "错误：缺少参数 'ID'。"),
        (["quiz", "--nope"], "错误：没有这个选项：--nope"),
        (["quiz", "-n", "abc"], "的值无效：'abc' 不是有效的"),
        (["nocmd"], "错误：没有这个命令 'nocmd'。"),
        (["show", "a", "b", "c"], "错误：多出了意料之外的参数（b c）"),
        (["quiz", "--topic"], "错误：选项 '--topic' 需要一个值。"),
    ],
)
def test_typers_usage_errors_in_chinese(bnquiz, args, said):
    result = bnquiz("--lang", "zh", *args)
    assert result.exit_code == 2 and said in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1


def test_chinese_paragraphs_break_between_characters_not_before_the_sentence(bnquiz):
    """Rich breaks only at spaces; a Chinese sentence has none. bnquiz's wrapping breaks between
    characters (keeping ，。）with what precedes them), so a paragraph fills its lines."""
    from rich.cells import cell_len

    question = ZH.question("train-eval/spot-error-momentum-formula")
    result = bnquiz("--lang", "zh", "show", question.id, env={"COLUMNS": "80"})
    lines = [line.rstrip() for line in result.output.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith(question.explain.replace("`", "")[:8]))
    end = next(i for i, line in enumerate(lines) if line.startswith("出处"))
    paragraph = lines[start:end]
    assert len(paragraph) >= 5
    assert all(cell_len(line) >= 70 for line in paragraph[:-1]), paragraph  # full, but for a Latin word
    assert not any(line.startswith(("，", "。", "；", "）")) for line in paragraph)


_HAN_RANGES = "\u2e80-\u2fff\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_O, _C = "（「『《〈【〔“‘", "，。、：；！？）」』》〉】〕”’…·—"
# the rule as a regular expression (the module docstring's), against which its Python form is proven
WORD_RULE = re.compile(
    rf"\s*[{_O}]*[{_HAN_RANGES}][{_C}]*\s*"
    rf"|\s*[{_O}]*(?:[^\s{_HAN_RANGES}{_O}{_C}][{_C}]*)+\s*"
    rf"|\s*[{_O}{_C}]+\s*"
)


@given(st.text(alphabet="ab1 .,\t\n" + _O + _C + "中文字々アＡ한√γ\u2e80\u9fff\ufaff\u3000", max_size=14))
def test_the_chinese_word_matcher_finds_what_its_rule_finds(text):
    from bnquiz.cli.wrapping import WORDS

    for pos in range(len(text) + 1):
        rule, ours = WORD_RULE.match(text, pos), WORDS.match(text, pos)
        assert (rule and rule.span()) == (ours and ours.span())
        assert ours is None or ours.group(0) == text[slice(*ours.span())]


def test_english_text_wraps_as_rich_wraps_it():
    from rich import _wrap

    from bnquiz.cli.wrapping import WORDS, wrap_chinese

    english = " ".join(q.explain for q in bundled_bank().questions[:40])
    assert wrap_chinese(False) and _wrap.re_word is not WORDS
    rich_words = list(_wrap.words(english))
    assert wrap_chinese(True) and _wrap.re_word is WORDS
    try:
        assert list(_wrap.words(english)) == rich_words
    finally:
        wrap_chinese(False)


def test_the_sandboxs_own_messages_are_said_in_chinese():
    """The child speaks English only and reports what its messages mean; the parent says them
    again from the catalog, and falls back to the child's words for anything it does not know."""
    from bnquiz import language
    from bnquiz.drills.messages import headline

    said = {"id": "not-array", "what": "batch_norm's result", "type": "tuple", "kind": "a tensor"}
    error = {"type": "bad return", "message": "batch_norm's result is a tuple, not a tensor", "said": said}
    forged = {**error, "said": {"id": "{0.__class__}", "what": "x"}}
    assert headline(error) == "bad return: batch_norm's result is a tuple, not a tensor"
    language.use("zh")
    try:
        assert headline(error) == "返回值有误：batch_norm 的结果是 tuple，而不是张量"
        assert headline(
            {"type": "SystemExit", "message": "exit status 0", "said": {"id": "exit-status", "code": "0"}}
        ) == ("SystemExit：退出状态 0")
        assert headline(forged) == "返回值有误：batch_norm's result is a tuple, not a tensor"
        assert headline({"type": "ValueError", "message": "my own words"}) == "ValueError：my own words"
    finally:
        language.forget()


@pytest.mark.parametrize(
    ("name", "edition"), [("forward", None), ("cs231n", None), ("d2l", "classic"), ("d2l", "current")]
)
def test_a_chinese_starter_is_the_english_one_in_code(bnquiz, tmp_path, name, edition):
    """Its docstrings are Chinese; its code, signatures and edition marker are the English one's
    to the character, so `drill check` reads it the same way."""
    import ast

    def code(path: Path) -> str:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                node.value = ""  # docstrings and messages may differ; nothing else
        return ast.dump(tree)

    extra = ["--edition", edition] if edition else []
    files = {}
    for language in ("en", "zh"):
        files[language] = tmp_path / f"{language}.py"
        assert bnquiz("--lang", language, "drill", "start", name, str(files[language]), *extra).exit_code == 0
    english, chinese = (files[lang].read_text(encoding="utf-8") for lang in ("en", "zh"))
    assert chinese != english and sum("\u4e00" <= c <= "\u9fff" for c in chinese) > 50
    assert code(files["en"]) == code(files["zh"])
    marker = [line for line in english.splitlines() if line.startswith("# bnquiz:")]
    assert marker == [line for line in chinese.splitlines() if line.startswith("# bnquiz:")]
