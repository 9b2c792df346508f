"""A submission made of the reference itself: what a drill's child would return for code with
the given mistakes, built in the parent in milliseconds (no child process, no user code)."""

from __future__ import annotations

from typing import Any

import numpy as np

from bnquiz.drills.judge import Judge
from bnquiz.drills.specs import DRILLS

BROADCAST = "The size of tensor a (6) must match the size of tensor b (4) at non-singleton dimension 3"


class Battery:
    """One drill's battery (CPU), its inputs, and runs of the judge on fabricated results."""

    def __init__(self, name: str, edition: str | None = None, present: frozenset[str] | None = None) -> None:
        self.drill = DRILLS[name]
        self.edition = self.drill.edition(edition)
        # by default every function the drill grades is defined (fold: its module form)
        every = {*self.drill.optional, *(name for names in self.drill.requires.values() for name in names)}
        self.present = frozenset(every) if present is None else present
        self.scenarios = self.drill.scenarios(("cpu",), self.edition)
        self.inputs = [self.drill.inputs(s, self.edition) for s in self.scenarios]

    def outputs(self, knobs: dict[str, Any]) -> list[list[dict[str, Any] | None]]:
        """Each call's results as the child would report them for code with these knobs; where
        the knobs cannot apply to a shape, the call raises as such code would."""
        results = []
        for scenario, calls in zip(self.scenarios, self.inputs, strict=True):
            steps: list[dict[str, Any] | None] = []
            previous = None
            for index in range(len(scenario.steps)):
                names = tuple(q.name for q in self.drill.quantities(scenario, index, self.present))
                out = self.drill.predict(scenario, index, calls, previous, knobs, self.edition, names)
                if out is None:
                    steps.append(
                        {
                            "status": "error",
                            "error": {"type": "RuntimeError", "message": BROADCAST, "frames": []},
                        }
                    )
                    break
                steps.append(
                    {
                        "status": "ok",
                        "outputs": dict(out),
                        "notes": {"dtype": scenario.dtype, "device": scenario.device},
                    }
                )
                previous = out
            results.append(steps + [None] * (len(scenario.steps) - len(steps)))
        return results

    def raises(self, knobs: dict[str, Any]) -> bool:
        return any(r is not None and r["status"] == "error" for steps in self.outputs(knobs) for r in steps)

    def judge(self, knobs: dict[str, Any]) -> tuple[list[Any], list[Any]]:
        """(checks, findings) for code with these knobs."""
        checks, findings, _, _ = Judge(
            self.drill, self.edition, self.scenarios, self.inputs, self.present
        ).judge(self.outputs(knobs))
        return checks, findings

    def same(self, a: dict[str, Any], b: dict[str, Any]) -> bool:
        """Whether code with knobs `a` returns what code with knobs `b` does, to the last bit that matters."""
        for left, right in zip(self.outputs(a), self.outputs(b), strict=True):
            for x, y in zip(left, right, strict=True):
                if (x is None) != (y is None) or (x and x["status"]) != (y and y["status"]):
                    return False
                if x is None or x["status"] != "ok":
                    continue
                for name in set(x["outputs"]) | set(y["outputs"]):
                    u, v = x["outputs"].get(name), y["outputs"].get(name)
                    if u is None or v is None or np.shape(u) != np.shape(v):
                        return False
                    if not np.allclose(u, v, rtol=1e-12, atol=1e-12, equal_nan=True):
                        return False
        return True


def representatives(battery: Battery) -> list[Any]:
    """One knob setting per (mistake, path) that never raises on the battery."""
    found: dict[tuple[str, str], Any] = {}
    for mistake in battery.drill.mistakes(battery.edition):
        key = (mistake.id, mistake.path)
        if key not in found and not battery.raises(dict(mistake.knobs)):
            found[key] = mistake
    return list(found.values())
