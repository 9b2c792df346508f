"""bnquiz: learn batch normalization well enough to ace an interview on it.

The library the `bnquiz` command is a thin client of::

    import bnquiz

    bank = bnquiz.load_bank()                      # the bundled questions (+ folders of your own)
    plan = bnquiz.plan(bank, topics=["ics"], count=3, seed=1)
    session = bnquiz.Session(bank, plan)           # drive it: session.question, session.answer("b")
    opened = bnquiz.open_store()                   # your progress: opened.store.answers(), …
    sheet = bnquiz.build_sheet(bank)               # the cheat sheet: bnquiz.render_sheet(sheet, "markdown")
    verdict = bnquiz.check("bn_forward.py")        # grade a drill solution

Names load on first use, so `import bnquiz` costs nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bnquiz.drills import check
    from bnquiz.errors import BnquizError, UsageError
    from bnquiz.outcome import Status, Verdict
    from bnquiz.progress.database import open_store
    from bnquiz.progress.review import review_plan
    from bnquiz.progress.stats import compute as compute_stats
    from bnquiz.progress.store import Store
    from bnquiz.quiz.kinds import KINDS, Kind
    from bnquiz.quiz.loader import collect, load_bank
    from bnquiz.quiz.plan import plan
    from bnquiz.quiz.records import Bank, BankError, Question, Topic
    from bnquiz.quiz.session import Attempt, Session
    from bnquiz.quiz.summary import summarize
    from bnquiz.sheet import build_sheet
    from bnquiz.sheet import render as render_sheet

__version__ = "0.1.0"

_API = {  # name → (module, attribute)
    "check": ("bnquiz.drills", "check"),
    "BnquizError": ("bnquiz.errors", "BnquizError"),
    "UsageError": ("bnquiz.errors", "UsageError"),
    "Status": ("bnquiz.outcome", "Status"),
    "Verdict": ("bnquiz.outcome", "Verdict"),
    "open_store": ("bnquiz.progress.database", "open_store"),
    "review_plan": ("bnquiz.progress.review", "review_plan"),
    "compute_stats": ("bnquiz.progress.stats", "compute"),
    "Store": ("bnquiz.progress.store", "Store"),
    "KINDS": ("bnquiz.quiz.kinds", "KINDS"),
    "Kind": ("bnquiz.quiz.kinds", "Kind"),
    "collect": ("bnquiz.quiz.loader", "collect"),
    "load_bank": ("bnquiz.quiz.loader", "load_bank"),
    "plan": ("bnquiz.quiz.plan", "plan"),
    "Bank": ("bnquiz.quiz.records", "Bank"),
    "BankError": ("bnquiz.quiz.records", "BankError"),
    "Question": ("bnquiz.quiz.records", "Question"),
    "Topic": ("bnquiz.quiz.records", "Topic"),
    "Attempt": ("bnquiz.quiz.session", "Attempt"),
    "Session": ("bnquiz.quiz.session", "Session"),
    "summarize": ("bnquiz.quiz.summary", "summarize"),
    "build_sheet": ("bnquiz.sheet", "build_sheet"),
    "render_sheet": ("bnquiz.sheet", "render"),
}
__all__ = [  # the names of _API, spelled out for tools that read __all__
    "KINDS", "Attempt", "Bank", "BankError", "BnquizError", "Kind", "Question", "Session", "Status", "Store",
    "Topic", "UsageError", "Verdict", "__version__", "build_sheet", "check", "collect", "compute_stats",
    "load_bank", "open_store", "plan", "render_sheet", "review_plan", "summarize",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'bnquiz' has no attribute {name!r}")
    module, attribute = _API[name]
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value
