"""The drills: one spec module each, `specs/<name>.py`, loaded here by the names in `roster`.

`register(drill)` adds another (a test registers a toy drill this way); `infer(source)` reads
which drill a file answers from its function names and signatures, never executing it.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

from bnquiz.drills import roster
from bnquiz.drills.spec import Drill, Edition
from bnquiz.errors import UsageError
from bnquiz.language import _

DRILLS: dict[str, Drill] = {
    name: importlib.import_module(f"bnquiz.drills.specs.{name}").DRILL for name in roster.NAMES
}
BUILT_IN = tuple(DRILLS)  # the drills bnquiz ships (a test may register more)
_INFERENCE = [
    "module",
    "autograd",
    "fold",
    "cs231n",
    "d2l",
    "forward",
    "layernorm",
    "groupnorm",
    "rmsnorm",
    "syncbn",
]  # the most specific signatures first


def register(drill: Drill) -> None:
    """Add a drill; it is tried first when a file's drill is inferred."""
    DRILLS[drill.name] = drill
    if drill.name in _INFERENCE:
        _INFERENCE.remove(drill.name)
    _INFERENCE.insert(0, drill.name)


def get(name: str) -> Drill:
    try:
        return DRILLS[name]
    except KeyError:
        said = _("unknown drill {name}; the drills are: {drills}")
        raise UsageError(said.format(name=repr(name), drills=", ".join(DRILLS))) from None


def edition(drill: Drill, name: str | None) -> Edition:
    """The drill's edition of this name (its first when None), or a UsageError naming the others."""
    try:
        return drill.edition(name)
    except KeyError:
        known = ", ".join(e.name for e in drill.editions if e.name) or _("none")
        said = _("drill {drill} has no edition {name}; its editions: {editions}")
        raise UsageError(said.format(drill=drill.name, name=repr(name), editions=known)) from None


def signatures(source: str) -> dict[str, list[str]]:
    """Each top-level function's positional parameter names, and each top-level class's method
    names. A file that does not parse is left to the grader to report; here its signatures are
    read off the text."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        classes: dict[str, list[str]] = {
            name: [] for name in re.findall(r"^class\s+(\w+)", source, re.MULTILINE)
        }
        return classes | {
            name: [p.split("=")[0].strip() for p in args.split(",") if p.strip()]
            for name, args in re.findall(r"^def\s+(\w+)\s*\(([^)]*)\)", source, re.MULTILINE)
        }
    found = {
        node.name: [a.arg for a in node.args.posonlyargs + node.args.args]
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            found[node.name] = [n.name for n in node.body if isinstance(n, ast.FunctionDef)]
    return found


def infer(path: Path) -> tuple[Drill, str]:
    """Which drill a file answers, and its calling form ("plain", or d2l's "is-training")."""
    found = signatures(path.read_text(encoding="utf-8", errors="replace"))
    for name in _INFERENCE:
        form = DRILLS[name].form(found)
        if form is not None:
            return DRILLS[name], form
    wanted = sorted({f for drill in DRILLS.values() for f in drill.functions[:1]})
    said = _("{path} defines none of {functions}; say which drill with --drill")
    raise UsageError(said.format(path=path, functions=", ".join(wanted)))


def form_of(drill: Drill, path: Path) -> str:
    """The calling form for a drill named on the command line."""
    return drill.form(signatures(path.read_text(encoding="utf-8", errors="replace"))) or "plain"


def marked_edition(path: Path) -> str | None:
    """The edition a starter file records (`# bnquiz: edition=classic`), if any."""
    match = re.search(
        r"^#\s*bnquiz:\s*edition\s*=\s*([\w-]+)",
        path.read_text(encoding="utf-8", errors="replace"),
        re.MULTILINE,
    )
    return match.group(1) if match else None
