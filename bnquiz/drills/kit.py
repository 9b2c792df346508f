"""In the child: what a drill's caller gets to run one step (`Kit`), and how an exception is
described for the parent (`describe`), with only the user's own frames.

Standard library only: NumPy and torch come in through the kit. Everything is bound before user
code runs, so a submission that patches builtins cannot change what is reported.
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Any, cast

_isinstance = isinstance
# the dtypes an output may be written in (the parent reads back only these)
DTYPES = {"float64", "float32", "float16", "int64", "int32", "bool"}


class BadReturn(Exception):
    """The submission returned something the contract does not allow: the message says what in
    English; `said`, what it means (an id and its values), for the parent to say in its own."""

    def __init__(self, message: str, said: dict[str, str]) -> None:
        super().__init__(message)
        self.said = said


class Kit:
    """What a drill's caller uses to run one step: tensors on the right device, results turned
    into arrays (or a clear BadReturn), a call that watches local names, autograd."""

    def __init__(self, np: Any, torch: Any, path: str) -> None:
        self.np, self.torch, self.path = np, torch, path
        self.ranks: Any = None  # a distributed drill's `bnquiz.drills.ranks.Ranks`

    def tensor(self, array: Any, device: str, grad: bool = False) -> Any:
        tensor = self.torch.from_numpy(array).to(device)
        return tensor.requires_grad_(True) if grad else tensor

    def array(self, value: Any, what: str = "a result") -> Any:
        """A returned tensor or array as a NumPy array; anything else is a BadReturn."""
        torch = self.torch
        if torch is not None and _isinstance(value, torch.Tensor):
            value = value.detach()
            if value.dtype == torch.bfloat16:
                value = value.float()
            return value.to("cpu").numpy()
        if torch is None and _isinstance(value, self.np.ndarray):
            return value
        kind = "a tensor" if torch is not None else "a NumPy array"
        said = {"id": "not-array", "what": what, "type": _type(value), "kind": kind}
        raise BadReturn(f"{what} is {_name(value)}, not {kind}", said)

    def module(self, value: Any, what: str) -> Any:
        """A returned torch.nn.Module; anything else is a BadReturn."""
        if _isinstance(value, self.torch.nn.Module):
            return value
        said = {"id": "not-array", "what": what, "type": _type(value), "kind": "an nn.Module"}
        raise BadReturn(f"{what} is {_name(value)}, not an nn.Module", said)

    def unpack(self, result: Any, count: int, shape: str) -> tuple[Any, ...]:
        if not _isinstance(result, tuple | list) or len(result) != count:
            said = {"id": "not-tuple", "type": _type(result), "shape": shape}
            raise BadReturn(f"it returned {_name(result)}; expected a tuple {shape}", said)
        return tuple(result)

    def call_watching(
        self, function: Any, positions: tuple[int, ...], *args: Any
    ) -> tuple[Any, dict[int, Any]]:
        """Call `function(*args)`; also return the final values of the parameters at these
        positions (to tell a rebound local name from an in-place update)."""
        code = getattr(function, "__code__", None)
        names = code.co_varnames[: code.co_argcount] if code is not None else ()
        seen: dict[int, Any] = {}

        def profile(frame: Any, event: str, arg: Any) -> None:
            if event == "return" and frame.f_code is code:
                for position in positions:
                    if position < len(names) and names[position] in frame.f_locals:
                        seen[position] = frame.f_locals[names[position]]

        sys.setprofile(profile)
        try:
            result = function(*args)
        finally:
            sys.setprofile(None)
        return result, seen

    def backward(self, y: Any, dy: Any, leaves: dict[str, Any]) -> dict[str, Any]:
        """y.backward(dy); the gradient that reached each leaf (absent: none did). A backward
        that raises is reported as each gradient's error: the forward's results still count."""
        torch = self.torch
        if not _isinstance(y, torch.Tensor) or not y.requires_grad:
            return {}
        try:
            # Σ y·dy, not y.backward(dy): the same gradients bit for bit, without the 0.4 s
            # import (sympy) that an explicit gradient tensor costs torch's first backward
            (y * torch.from_numpy(dy).to(y.device).to(y.dtype)).sum().backward()
        except Exception as exc:
            return dict.fromkeys((k for k, t in leaves.items() if t is not None), self.failure(exc))
        return {key: self.array(t.grad) for key, t in leaves.items() if t is not None and t.grad is not None}

    def gradients(self, keys: tuple[str, ...], labels: tuple[str, ...], call: Any) -> dict[str, Any]:
        """The arrays a hand-written backward returns, one per key, or, if it raises or returns
        something else, that failure for every key: the forward's results still count."""
        try:
            values = self.unpack(call(), len(keys), "(" + ", ".join(labels) + ")")
            return {
                key: self.array(value, label) for key, value, label in zip(keys, values, labels, strict=True)
            }
        except Exception as exc:
            return dict.fromkeys(keys, self.failure(exc))

    def where(self, y: Any) -> dict[str, str]:
        """The output's dtype and device, for the parent's check against the input's."""
        if self.torch is not None and _isinstance(y, self.torch.Tensor):
            return {"dtype": str(y.dtype).replace("torch.", ""), "device": y.device.type}
        dtype = getattr(y, "dtype", None)
        return {"dtype": getattr(dtype, "name", str(dtype)), "device": "cpu"}

    def failure(self, exc: BaseException) -> dict[str, Any]:
        """A sub-call that raised, reported as that output's error (its own path)."""
        return {"error": describe(exc, self.path)}


def _type(value: Any) -> str:
    return "None" if value is None else str(type(value).__name__)


def _name(value: Any) -> str:
    if value is None:
        return "None"
    kind = type(value).__name__
    return f"an {kind}" if kind[:1].lower() in "aeiou" else f"a {kind}"


def describe(exc: BaseException, path: str) -> dict[str, Any]:
    """The exception, with only the user's own frames of the traceback."""
    frames = [
        {"line": f.lineno, "function": f.name, "code": (f.line or "").strip()}
        for f in traceback.extract_tb(exc.__traceback__)
        if os.path.abspath(f.filename) == os.path.abspath(path)
    ]
    syntax = cast(SyntaxError, exc) if _isinstance(exc, SyntaxError) else None
    if syntax is not None and syntax.lineno:
        frames.append({"line": syntax.lineno, "function": "", "code": (syntax.text or "").strip()})
    kind = "bad return" if _isinstance(exc, BadReturn) else type(exc).__name__
    message = str(exc)
    # what the message means, for the parent to say in its own language (`verdict.message`)
    said = cast(BadReturn, exc).said if _isinstance(exc, BadReturn) else None
    if _isinstance(exc, SystemExit):
        message = f"exit status {cast(SystemExit, exc).code!r}"
        said = {"id": "exit-status", "code": repr(cast(SystemExit, exc).code)}
    described = {"type": kind, "message": message[:2000], "frames": frames[-8:]}
    return {**described, "said": said} if said else described
