"""What the parent hands the child: every step's input arrays, as raw bytes one after another in
one file of the child's folder, and one JSON manifest that says where each lies, the user's
file and the drill's caller."""

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
    """Write every step's input arrays to INPUTS; return the JSON manifest that places them."""
    module, _, _ = drill.caller.partition(":")
    blob = bytearray()
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
            _scenario(blob, scenario, calls) for scenario, calls in zip(scenarios, inputs, strict=True)
        ],
    }
    (workdir / INPUTS).write_bytes(blob)
    return json.dumps(document).encode()


INPUTS = "inputs.bin"


def _scenario(blob: bytearray, scenario: Scenario, calls: list[Arrays]) -> dict[str, Any]:
    steps = []
    for step, arrays in zip(scenario.steps, calls, strict=True):
        specs = {}
        for key, (array, dtype) in arrays.items():
            raw = array.astype(dtype).tobytes()
            specs[key] = {"file": INPUTS, "offset": len(blob), "dtype": dtype, "shape": list(array.shape)}
            blob += raw
        steps.append({"kind": step.kind, "args": dict(step.args), "inputs": specs})
    return {"id": scenario.id, "device": scenario.device, "dtype": scenario.dtype, "steps": steps}
