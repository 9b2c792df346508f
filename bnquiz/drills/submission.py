"""What `bnquiz.check` grades: a file, a module, or a function object, made into one file.

The user's code only ever runs in the sandboxed child, so a function object is sent as source:
its own (the object passed, even if its name was later given to another function), the
functions, classes and constants of its module that it uses, the modules it imports, and the
drill's other functions from the same namespace (`batchnorm_backward` beside
`batchnorm_forward`). What cannot travel as source (a lambda, a closure over a tensor, code
typed into `exec`) is refused with one line that says what to do instead.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import os
import sys
import tempfile
import textwrap
import types
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bnquiz.errors import UsageError
from bnquiz.language import _

_LITERALS = (int, float, complex, str, bytes, bool, type(None))


@dataclass(frozen=True)
class Submission:
    path: Path  # the file the child loads
    name: str  # what the report calls it
    search_path: tuple[str, ...]  # where its own imports come from
    temporary: Path | None = None  # a folder to remove once graded

    def discard(self) -> None:
        if self.temporary is not None:
            import shutil

            shutil.rmtree(self.temporary, ignore_errors=True)


def prepare(target: Any, companions: Iterable[str] = (), alias: str | None = None) -> Submission:
    """A path, a module or a function as a file to grade. `companions`: other function names
    the drill calls, taken from the function's namespace; `alias`: the name the drill calls it
    by, when the function has another."""
    if isinstance(target, str | os.PathLike):
        path = Path(target)
        if not path.is_file():
            raise UsageError(_("no such file: {path}").format(path=path))
        return Submission(path, str(target), (str(path.resolve().parent),))
    if isinstance(target, types.ModuleType):
        file = getattr(target, "__file__", None)
        if not file or not Path(file).is_file():
            raise UsageError(_("module {name} has no source file to check").format(name=target.__name__))
        return Submission(Path(file), file, (str(Path(file).resolve().parent),))
    if isinstance(target, types.FunctionType):
        return _from_function(target, tuple(companions), alias)
    if inspect.isclass(target):
        return _from_class(target)
    kind = type(target).__name__
    said = _("check() takes a file path, a module, a function or a class, not {kind}")
    raise UsageError(said.format(kind=_a(kind)))


def _from_class(cls: type) -> Submission:
    """A class (the module drill's BatchNorm2d, autograd's BatchNormFunction): its module's file
    where it is defined at the top of one, else its source and what it uses."""
    module = sys.modules.get(cls.__module__)
    file = getattr(module, "__file__", None)
    if (
        module is not None
        and file
        and cls.__module__ != "__main__"
        and getattr(module, cls.__name__, None) is cls
        and Path(file).suffix == ".py"
    ):
        return Submission(Path(file), f"{cls.__name__} in {file}", (str(Path(file).resolve().parent),))
    source = _Source(vars(module) if module is not None else {})
    source.add_class(cls)
    folder = Path(tempfile.mkdtemp(prefix="bnquiz-class-"))
    path = folder / f"{cls.__name__}.py"
    path.write_text(source.text(), encoding="utf-8")
    where = Path(file).name if file else _("your notebook")
    search = str(Path(file).resolve().parent) if file else os.getcwd()
    return Submission(path, f"{cls.__name__} from {where}", (search,), folder)


def _from_function(fn: types.FunctionType, companions: tuple[str, ...], alias: str | None) -> Submission:
    if fn.__name__ == "<lambda>":
        raise UsageError(
            _("a lambda cannot be checked: define it with def and its drill's name (def batch_norm(...))")
        )
    name = fn.__globals__.get("__name__")
    module = sys.modules.get(name) if isinstance(name, str) else None
    file = fn.__globals__.get("__file__")
    where = Path(file).name if file else _("your notebook")
    if (
        module is not None
        and vars(module) is fn.__globals__  # a real module, not a namespace of its own
        and file
        and name != "__main__"
        and getattr(module, fn.__name__, None) is fn
        and alias in (None, fn.__name__)
        and Path(file).suffix == ".py"
    ):
        return Submission(Path(file), f"{fn.__name__} in {file}", (str(Path(file).resolve().parent),))
    source = _Source(fn.__globals__)
    source.add_function(fn)
    for name in companions:
        other = fn.__globals__.get(name)
        if isinstance(other, types.FunctionType) and name != fn.__name__:
            source.add_function(other)
    text = source.text()
    if alias and alias != fn.__name__:
        text += f"\n{alias} = {fn.__name__}\n"
    folder = Path(tempfile.mkdtemp(prefix="bnquiz-function-"))
    path = folder / f"{fn.__name__}.py"
    path.write_text(text, encoding="utf-8")
    search = str(Path(file).resolve().parent) if file else os.getcwd()
    return Submission(path, f"{fn.__name__} from {where}", (search,), folder)


class _Source:
    """A module rebuilt from a function's namespace: imports, constants, then definitions."""

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.namespace = namespace
        self.imports: dict[str, str] = {}
        self.constants: dict[str, str] = {}
        self.definitions: dict[str, str] = {}

    def add_function(self, fn: types.FunctionType) -> None:
        if fn.__name__ in self.definitions:
            return
        try:
            code = textwrap.dedent(inspect.getsource(fn))
        except (OSError, TypeError):
            where = fn.__code__.co_filename
            must = _("no source for {name} (defined in {where}): save it in a .py file and check that file")
            raise UsageError(must.format(name=fn.__name__, where=where)) from None
        self.definitions[fn.__name__] = code
        for name, value in self._free(fn):
            self._add(name, value, fn.__name__)
        for name in sorted(_names(code)):
            if name in self.namespace and name != fn.__name__:
                self._add(name, self.namespace[name], fn.__name__)

    def add_class(self, cls: type) -> None:
        try:
            code = textwrap.dedent(inspect.getsource(cls))
        except (OSError, TypeError):
            must = _("no source for class {name}: save it in a .py file and check that file")
            raise UsageError(must.format(name=cls.__name__)) from None
        self.definitions[cls.__name__] = code
        for name in sorted(_names(code)):
            if name in self.namespace and name != cls.__name__:
                self._add(name, self.namespace[name], cls.__name__)

    def _free(self, fn: types.FunctionType) -> list[tuple[str, Any]]:
        found = []
        for name, cell in zip(fn.__code__.co_freevars, fn.__closure__ or (), strict=False):
            try:
                found.append((name, cell.cell_contents))
            except ValueError:
                must = _("{function} is a closure over {name}, which is not set yet")
                raise UsageError(must.format(function=fn.__name__, name=repr(name))) from None
        return found

    def _add(self, name: str, value: Any, user: str) -> None:
        if name in self.imports or name in self.constants or name in self.definitions:
            return
        if getattr(builtins, name, None) is value:
            return
        if isinstance(value, types.ModuleType):
            self.imports[name] = (
                f"import {value.__name__} as {name}" if value.__name__ != name else f"import {name}"
            )
            return
        if isinstance(value, types.FunctionType) and not _imported(value):
            self.add_function(value)
            return
        if inspect.isclass(value) and value.__module__ in ("__main__", self.namespace.get("__name__")):
            try:
                self.definitions[name] = textwrap.dedent(inspect.getsource(value))
            except (OSError, TypeError):
                must = _("no source for class {name}, which {user} uses: move it into a .py file")
                raise UsageError(must.format(name=name, user=user)) from None
            return
        origin = _importable(value)
        if origin is not None:
            self.imports[name] = f"from {origin[0]} import {origin[1]} as {name}"
            return
        if _literal(value):
            self.constants[name] = f"{name} = {value!r}"
            return
        must = _(
            "{user} uses {name} ({kind}), which cannot be sent to the sandbox: "
            "create it inside the function, or check a .py file instead"
        )
        raise UsageError(must.format(user=user, name=repr(name), kind=_a(type(value).__name__)))

    def text(self) -> str:
        parts = [*self.imports.values(), *self.constants.values(), *reversed(list(self.definitions.values()))]
        return "\n\n".join(parts) + "\n"


def _names(code: str) -> set[str]:
    """Every name the code reads (including decorators and default values)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def _imported(fn: types.FunctionType) -> bool:
    """A function that lives in an importable module (not the user's own script or notebook)."""
    return _importable(fn) is not None and fn.__module__ not in ("__main__",)


def _importable(value: Any) -> tuple[str, str] | None:
    module, qualname = getattr(value, "__module__", None), getattr(value, "__qualname__", None)
    if not module or not qualname or module == "__main__" or "<" in qualname:
        return None
    try:
        found: Any = sys.modules[module]
        for part in qualname.split("."):
            found = getattr(found, part)
    except (KeyError, AttributeError):
        return None
    if found is not value or (
        getattr(sys.modules[module], "__file__", None) is None and module not in sys.builtin_module_names
    ):
        return None
    return module, qualname


def _literal(value: Any) -> bool:
    if isinstance(value, _LITERALS):
        return True
    if isinstance(value, tuple | list | frozenset | set):
        return all(_literal(v) for v in value)
    if isinstance(value, dict):
        return all(_literal(k) and _literal(v) for k, v in value.items())
    return False


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"
