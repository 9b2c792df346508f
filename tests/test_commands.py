"""The commands other than the quiz session: help, version, topics, show, export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
import typer
from conftest import TINY
from golden import golden

from bnquiz import __version__
from bnquiz.cli import app
from bnquiz.drills.specs import BUILT_IN
from bnquiz.quiz.loader import load_bank

GROUP = typer.main.get_command(app)
COMMANDS = list(GROUP.commands)


def test_version(bnquiz):
    result = bnquiz("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"bnquiz {__version__}"


def test_no_arguments_shows_help(bnquiz):
    result = bnquiz()
    assert "Usage" in result.output
    for name in COMMANDS:
        assert name in result.output


def test_topics_lists_counts_and_summaries(bnquiz):
    result = bnquiz("topics", "--bank", str(TINY))
    assert result.exit_code == 0
    bank = load_bank([TINY])
    for topic in bank.topics:
        assert topic.id in result.output
        assert f"{len(bank.in_topic(topic.id))} (" in result.output
    assert "Tiny test topic" in result.output
    assert "One question of every kind." in result.output
    assert "Used by the tests only" not in result.output  # one line of summary, not the paragraph
    assert f"{len(bank.questions)} questions in {len(bank.topics)} topics" in result.output


def test_show_prints_answer_explanation_and_sources(bnquiz):
    result = bnquiz("show", "tiny/number", "--bank", str(TINY))
    assert result.exit_code == 0
    assert "Answer: 1.0667 (± 0.001)" in result.output
    assert "0.9 · 1 + 0.1 · 5/3" in result.output
    assert "PyTorch docs, BatchNorm1d" in result.output


def test_show_text_question_lists_model_answer_and_points(bnquiz):
    result = bnquiz("show", "tiny/text", "--bank", str(TINY))
    assert "Model answer:" in result.output
    assert "1. Normalizing alone limits" in result.output


def test_show_unknown_id_suggests(bnquiz):
    result = bnquiz("show", "tiny/choise", "--bank", str(TINY))
    assert result.exit_code == 2
    assert "did you mean tiny/choice?" in result.output


def test_export_json_has_every_question_with_answer_and_sources(bnquiz, tmp_path):
    result = bnquiz("export", "--format", "json", "--bank", str(TINY))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    bank = load_bank([TINY])
    exported = {q["id"]: q for t in data["topics"] for q in t["questions"]}
    assert set(exported) == {q.id for q in bank.questions}
    assert exported["tiny/multi"]["answer"] == [0, 2]
    assert exported["tiny/shape"]["answer"] == "(1, C, 1, 1)"
    assert exported["tiny/order"]["answer"][0] == "Compute the batch mean"
    assert exported["tiny/choice"]["sources"] == [{"id": "torch-batchnorm", "locator": ""}]
    cited = {s["id"] for q in exported.values() for s in q["sources"]}
    assert cited <= {s["id"] for s in data["sources"]}


def test_export_to_a_file(bnquiz, tmp_path):
    result = bnquiz("export", "-o", "bank.json")
    assert result.exit_code == 0
    assert json.loads((tmp_path / "bank.json").read_text())["format"] == 1


@pytest.mark.slow  # a fresh interpreter
def test_python_dash_m_runs_the_command():
    result = subprocess.run([sys.executable, "-m", "bnquiz", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.strip() == f"bnquiz {__version__}"


# The quiz commands must never pay for torch or numpy (startup budget, DESIGN.md).
LIGHT = [
    ["topics"],
    ["show", "tiny/choice", "--bank", str(TINY)],
    ["validate"],
    ["quiz", "--bank", str(TINY), "-t", "tiny", "-n", "3", "--seed", "1"],
    ["--help"],
    ["cheatsheet"],
    ["cheatsheet", "--format", "markdown"],
    ["review", "-n", "2", "--bank", str(TINY), "-t", "tiny"],
    ["stats"],
]


@pytest.mark.slow  # a fresh interpreter per command
@pytest.mark.parametrize("args", LIGHT, ids=[a[0] for a in LIGHT])
def test_quiz_commands_import_neither_torch_nor_numpy(args):
    code = textwrap.dedent(f"""
        import sys
        from bnquiz.cli import app
        try:
            app({args!r}, standalone_mode=False)
        except SystemExit:
            pass
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("torch", "numpy", "pydantic"))
        print("HEAVY", heavy)
    """)
    result = subprocess.run([sys.executable, "-c", code], input="s\ns\nq\n", capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout


def test_inline_code_in_choices_is_styled_not_shown_as_backticks():
    from bnquiz.markup import inline

    text = inline("call `bn.eval()` first")
    assert text.plain == "call bn.eval() first"
    assert [(span.start, span.end) for span in text.spans] == [(5, 14)]


def test_ci_runs_exactly_the_readme_commands():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text()
    blocks = [b.split("```", 1)[0].strip() for b in readme.split("```sh\n")[1:3]]
    setup, tests = blocks
    ci = (root / ".ci" / "run").read_text()
    assert setup.endswith("bnquiz quiz") and "pytest" in tests
    assert setup in ci and tests in ci


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["quiz", "--count", "x"], "error: Invalid value for '--count' / '-n': 'x' is not a valid int."),
        (["show"], "error: Missing argument 'ID'."),
        (["frobnicate"], "error: No such command 'frobnicate'."),
        (["quiz", "--nope"], "error: No such option: --nope (Possible options: --force, --topic)"),
        (["drill", "hint"], "error: Missing argument 'NAME'."),
    ],
)
def test_usage_errors_are_one_line_on_stderr(bnquiz, args, message):
    result = bnquiz(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == message


def test_an_unknown_topic_or_id_names_the_close_one_and_lists_the_topics(bnquiz):
    topics = "The topics: " + ", ".join(t.id for t in load_bank().topics) + "."
    assert topics.startswith("The topics: ics, scale-shift, reduction-axes") and "normalizer-free" in topics
    result = bnquiz("quiz", "--topic", "icss")
    assert result.stderr.strip() == f"error: unknown topic 'icss'; did you mean ics? {topics}"
    result = bnquiz("show", "ics/internal-covariate")
    assert "did you mean ics/ics-vs-covariate-shift?" in result.stderr and topics in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_topics_in_any_case_and_levels_by_name(bnquiz):
    result = bnquiz("quiz", "--topic", "ICS", "--level", "Easy", "-n", "1", "--no-record", input="q\n")
    assert result.exit_code == 0, result.output
    assert "Internal covariate shift" in result.output and "· easy ·" in result.output
    refused = bnquiz("quiz", "--level", "7")
    assert refused.exit_code == 2 and "--level must be 1 or easy, 2 or medium, 3 or hard" in refused.stderr


def _all_commands():
    """Every command and subcommand, as the words that name it ([] for `bnquiz` itself)."""
    found = [[]]
    for name, command in GROUP.commands.items():
        found += [[name], *([name, sub] for sub in getattr(command, "commands", {}))]
    return found


@pytest.mark.parametrize("words", _all_commands(), ids=lambda w: " ".join(w) or "bnquiz")
def test_every_help_reads_well_at_80_columns(bnquiz, words):
    result = bnquiz(*words, "--help", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    golden(f"help/{'-'.join(['bnquiz', *words])}.txt", result.output)  # the whole text, as shown
    lines = result.output.splitlines()
    assert all(len(line) <= 80 for line in lines)
    usage = next(line for line in lines if "Usage:" in line)
    assert "{" not in usage and "}" not in usage  # arguments read as ID, not {ID}
    # the description re-wraps: within a paragraph only its last line may stop short
    paragraphs: list[list[str]] = [[]]
    for line in result.output.split("╭", 1)[0].splitlines():
        if line.strip() and "Usage:" not in line:
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    for text in paragraphs:
        for line in text[:-1]:
            assert len(line) >= 55, (line, text)


def _complete(words, cword, env=None):
    from typer.testing import CliRunner

    environ = {
        "_BNQUIZ_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
        **(env or {}),
    }
    result = CliRunner().invoke(app, [], env=environ, prog_name="bnquiz")
    return result.output.split()


def test_shell_completion_offers_commands_topics_ids_and_drills():
    assert "cheatsheet" in _complete("bnquiz ch", 1)
    assert _complete("bnquiz quiz --topic s", 3) == ["scale-shift", "small-batch", "sequences"]
    assert "train-eval/eval-output-after-one-step" in _complete("bnquiz show train-eval/ev", 2)
    assert _complete("bnquiz quiz --id ics/ics-vs", 3) == ["ics/ics-vs-covariate-shift"]
    assert _complete("bnquiz drill start ", 3) == list(BUILT_IN)
    assert _complete("bnquiz drill check x.py --drill c", 5) == ["cs231n"]
    assert "tiny" in _complete("bnquiz quiz -t t", 3, {"BNQUIZ_BANK": str(TINY)})


def test_the_completion_script_can_be_shown(bnquiz):
    result = bnquiz("--show-completion", "bash")
    assert result.exit_code == 0 and "_BNQUIZ_COMPLETE" in result.output


@pytest.mark.slow  # fresh interpreters
def test_completing_on_a_keystroke_never_imports_yaml_once_the_bank_is_cached(own_cache):
    code = (
        "import sys; from bnquiz.cli import main\nsys.argv = ['bnquiz']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('yaml' in sys.modules, 'torch' in sys.modules, file=sys.stderr)"
    )
    env = {
        **os.environ,
        "_BNQUIZ_COMPLETE": "complete_bash",
        "COMP_WORDS": "bnquiz show ics/",
        "COMP_CWORD": "2",
    }
    runs = [
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        for _ in range(2)
    ]
    assert "ics/ics-vs-covariate-shift" in runs[1].stdout
    assert runs[1].stderr.split() == ["False", "False"]  # the first run cached the bank
