"""What the parent hands the child: every step's input arrays as raw files in the child's folder,
and one JSON manifest that names them, the user's file and the drill's caller."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from bnquiz.drills.spec import Arrays, Drill, Scenario


def manifest(
    workdir: Path,
    drill: Drill,
    form: str,
    path: Path,
    scenarios: list[Scenario],
    inputs: list[list[Arrays]],
    search_path: tuple[str, ...],
) -> bytes:
    """Write every step's input arrays as raw files; return the JSON manifest that names them."""
    module, _, _ = drill.caller.partition(":")
    found = importlib.util.find_spec(module)
    document = {
        "drill": drill.name,
        "caller": {"import": drill.caller, "file": found.origin if found else ""},
        "form": form,
        "file": str(path.resolve()),
        "search_path": [*search_path, str(path.resolve().parent)],
        "functions": list(drill.required(form)),
        "optional": list(drill.optional),
        "scenarios": [
            _scenario(workdir, index, scenario, calls)
            for index, (scenario, calls) in enumerate(zip(scenarios, inputs, strict=True))
        ],
    }
    return json.dumps(document).encode()


def _scenario(workdir: Path, index: int, scenario: Scenario, calls: list[Arrays]) -> dict[str, Any]:
    steps = []
    for step_index, (step, arrays) in enumerate(zip(scenario.steps, calls, strict=True)):
        specs = {}
        for key, (array, dtype) in arrays.items():
            file = f"in-{index}-{step_index}-{key}.bin"
            (workdir / file).write_bytes(array.astype(dtype).tobytes())
            specs[key] = {"file": file, "dtype": dtype, "shape": list(array.shape)}
        steps.append({"kind": step.kind, "args": dict(step.args), "inputs": specs})
    return {"id": scenario.id, "device": scenario.device, "dtype": scenario.dtype, "steps": steps}
