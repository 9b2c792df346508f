"""The README's tour is real output: each block under a `<!-- tour: ARGS -->` marker is what
`bnquiz ARGS` prints (at 100 columns, piped, with the clock pinned), run in order in one home,
with `tests/readme/` and the drill files it names copied into the working folder.
BNQUIZ_REGOLD=1 rewrites the blocks."""

from __future__ import annotations

import difflib
import os
import re
import shlex
import shutil
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
FIXTURES = Path(__file__).parent / "readme"
# the tour's drill files, from the drill corpus: the name the tour uses → the corpus file
DRILL_FILES = {"bn_cs231n.py": Path(__file__).parent / "drills/cs231n/wrong/eps-ignored-backward.py"}
# <!-- tour: ARGS --> or <!-- tour: ARGS ; input: LINE\nLINE --> then a ```text block
BLOCK = re.compile(
    r"<!-- tour: (?P<args>.+?)(?: ; input: (?P<input>.*?))? -->\n```text\n(?P<body>.*?)```\n", re.S
)
TIMING = re.compile(r"· \d+(?:\.\d+)? s$", re.M)  # how long a drill check took: never the same twice


def blocks() -> list[re.Match[str]]:
    return list(BLOCK.finditer(README.read_text(encoding="utf-8")))


def real(bnquiz, match: re.Match[str]) -> str:
    args = shlex.split(match["args"])
    typed = (match["input"] or "").replace("\\n", "\n") + ("\n" if match["input"] else "")
    result = bnquiz(*args, input=typed, env={"BNQUIZ_NOW": "2026-11-10T12:00:00+00:00"})
    return f"$ bnquiz {match['args']}\n{result.output}"


def test_the_tour_is_what_the_commands_print(bnquiz, home):
    # the tour's drill is CS231n's, in NumPy: its check takes a fraction of a second
    for item in FIXTURES.iterdir():
        (shutil.copytree if item.is_dir() else shutil.copy)(item, home / item.name)
    for name, source in DRILL_FILES.items():
        shutil.copy(source, home / name)
    wanted = blocks()
    assert wanted, "no tour blocks found"
    outputs = {m.start(): real(bnquiz, m) for m in wanted}
    if os.environ.get("BNQUIZ_REGOLD"):
        text = README.read_text(encoding="utf-8")
        for match in sorted(wanted, key=lambda m: -m.start()):  # from the end: offsets stay valid
            start, end = match.span("body")
            text = text[:start] + outputs[match.start()] + text[end:]
        README.write_text(text, encoding="utf-8")
        return
    for match in wanted:
        diff = "\n".join(
            difflib.unified_diff(match["body"].splitlines(), outputs[match.start()].splitlines(), lineterm="")
        )
        assert TIMING.sub("· … s", match["body"]) == TIMING.sub("· … s", outputs[match.start()]), (
            f"README block `{match['args']}` drifted:\n{diff}"
        )


def test_ci_runs_the_readmes_commands_unchanged():
    """The set-up-and-run command and the test command near the README's top are what CI runs,
    word for word: a step the README leaves out fails CI on a fresh machine."""
    text = README.read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", text[: text.index("## A tour")])
    assert len(commands) == 2 and ".[torch]" in commands[0] and "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in commands:
        assert command in ci, command
