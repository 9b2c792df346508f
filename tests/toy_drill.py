"""A toy drill, "scale by two", declared here and nowhere else: the user writes double(x) for a
NumPy array. It shows that a drill is one spec (registered with bnquiz.drills.specs.register)."""

from __future__ import annotations

from typing import Any

from bnquiz.drills.catalog import Text
from bnquiz.drills.spec import Drill, Edition, Mistake, Path, Quantity, Scenario, Step


def scenarios(devices: tuple[str, ...], edition: Edition) -> list[Scenario]:
    call = Step("call", {})
    return [
        Scenario("one-value", (1,), (call,), params={"seed": 1}, about="1 value"),
        Scenario("twice", (3, 4), (call, call), params={"seed": 2}, about="(3, 4), called twice"),
    ]


def inputs(scenario: Scenario, edition: Edition) -> list[dict[str, tuple[Any, str]]]:
    import numpy as np

    rng = np.random.default_rng(scenario.params["seed"])
    return [{"x": (rng.standard_normal(scenario.shape) + 1, "float64")} for _ in scenario.steps]


def quantities(scenario: Scenario, index: int, present: frozenset[str]) -> list[Quantity]:
    return [
        Quantity("y", "output", "main", "double(x)", "close", 1e-12),
        Quantity("x_after", "input", "input", "x", "same"),
    ]


def predict(scenario, index, calls, previous, knobs, edition, names) -> dict[str, Any]:
    x = calls[index]["x"][0]
    return {"y": knobs.get("main.factor", 2.0) * x + knobs.get("main.shift", 0.0), "x_after": x}


def mistakes(edition: Edition) -> tuple[Mistake, ...]:
    return (
        Mistake("times-three", "main", (("main.factor", 3.0),)),
        Mistake("forgot-to-double", "main", (("main.factor", 1.0),)),
        Mistake("added-two", "main", (("main.factor", 1.0), ("main.shift", 2.0))),
    )


def form(signatures: dict[str, list[str]]) -> str | None:
    return "plain" if "double" in signatures else None


def call(module, form, scenario, index, inputs, state, kit):
    x = inputs["x"]
    y = module.double(x)
    return {"y": kit.array(y, "double(x)"), "x_after": x}, kit.where(y)


DRILL = Drill(
    name="double",
    title="scale by two",
    asks="double(x) -> 2 * x",
    framework="numpy",
    functions=("double",),
    optional=(),
    starter_name="double.py",
    hints=("Multiply by two.",),
    editions=(Edition("", "the toy contract", ("double(x) returns 2·x",), "", "def double(x):\n    ...\n"),),
    paths=(Path("main", "doubling"), Path("input", "inputs")),
    caller="toy_drill:call",
    scenarios=scenarios,
    inputs=inputs,
    quantities=quantities,
    predict=predict,
    mistakes=mistakes,
    form=form,
    texts={
        "times-three": Text("you multiplied by three{where}", "Doubling multiplies by two.", "Use 2 * x."),
        "forgot-to-double": Text("you returned x unchanged{where}", "Nothing was doubled.", "Return 2 * x."),
        "added-two": Text("you added two instead of doubling{where}", "x + 2 is not 2·x.", "Return 2 * x."),
    },
)
