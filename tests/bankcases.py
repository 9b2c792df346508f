"""A good personal bank file and the broken variants of it that `validate` must reject, each with
the line and the message it reports: shared by the validate tests and the editor schema's."""

from __future__ import annotations

GOOD = """\
format: 1
topic:
  id: mine
  title: Mine
  summary: A bank of my own.
questions:
  - id: mine/one
    kind: choice
    level: 1
    prompt: Pick one.
    choices: [x, y]
    answer: 0
    explain: Because.
    sources: [ioffe2015]
"""

# (the line GOOD has, what it becomes, the line reported, what the message says)
BROKEN = [
    ("    answer: 0\n", "    answer: 2\n", 12, "answer index 2 is out of range 0..1"),
    ("    sources: [ioffe2015]\n", "    sources: [nobody2020]\n", 14, "unknown source 'nobody2020'"),
    (
        "    explain: Because.\n",
        "    explain: Because.\n    explian: typo\n",
        14,
        "unknown key 'explian'",
    ),
    ("    explain: Because.\n", "", 7, "needs 'explain'"),
    ("    kind: choice\n", "    kind: essay\n", 8, "'kind' must be one of"),
    ("    level: 1\n", "    level: 5\n", 9, "'level' must be 1, 2 or 3"),
    ("  - id: mine/one\n", "  - id: other/one\n", 7, "must be 'mine/<kebab-case>'"),
    ("    answer: 0\n", "    answer: 0\n    answer: 1\n", 13, "duplicate key 'answer'"),
    ("    choices: [x, y]\n", "    choices: [x, y\n", 12, "invalid YAML"),
    ("format: 1\n", "format: 2\n", 1, "'format' must be 1"),
    (
        "    answer: 0\n",
        "    answer: 0\n    tolerance: 0.1\n",
        13,
        "unknown key 'tolerance' in a choice question",
    ),
    (
        "    sources: [ioffe2015]\n",
        "    sources: [ioffe2015]\n    misconception: nonsense-tag\n",
        15,
        "unknown misconception 'nonsense-tag'",
    ),
    ("    choices: [x, y]\n", "    choices: [x, x]\n", 11, "'choices' has duplicates"),
]
# files that are not topic files at all
WRONG_SHAPES = ["", "just a string\n", "- a\n- list\n", "format: 1\nquestions: []\n"]
