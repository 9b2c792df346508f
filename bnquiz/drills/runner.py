"""The child's entry point: load the drill's caller and the user's file, run every scenario,
write the raw outputs.

Run as `python -I -B -m bnquiz.drills.runner WORKDIR FD FRAMEWORK`. It imports the framework
first (the slow part, overlapping the parent's own work), then reads the manifest from the
control pipe FD, loads the drill's caller (named by import path in the manifest) and only then
the user's code. Each scenario's steps run in order with the caller's state carried between
them; a step that raises ends its scenario. The child computes no verdict: it writes each
step's arrays as raw files plus a JSON status, and the parent judges. Everything it needs from
the standard library is bound before user code runs, so a submission that patches `open`,
`json` or NumPy's savers cannot stop it from reporting (nor fool the parent).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sys
from typing import Any, cast

from bnquiz.drills.kit import DTYPES, BadReturn, Kit, describe

_open, _dumps, _isinstance = open, json.dumps, isinstance
__all__ = ["DTYPES", "BadReturn", "Kit", "describe", "main"]


def main(argv: list[str]) -> None:
    workdir, control, framework = argv[1], int(argv[2]), argv[3]
    ranks = _ranks(argv)  # a distributed drill's: rank 0 starts the others before importing torch
    import numpy as np

    torch = importlib.import_module("torch") if framework == "torch" else None
    if ranks is not None:
        ranks.join()
    if ranks is None or ranks.rank == 0:
        _write_json(workdir, "ready.json", {})  # the sandbox's clock for the user's code starts
    with os.fdopen(control, "rb") as pipe:
        raw = pipe.read()
    first = ranks is None or ranks.rank == 0
    if ranks is not None and first:
        ranks.hand_on(raw)
    manifest = json.loads(raw or b"{}")
    if manifest:
        cuda = bool(torch is not None and torch.cuda.is_available())
        if first:
            _write_json(workdir, "env.json", {"cuda": cuda})
        caller = _caller(manifest["caller"])
        os.chdir(os.path.join(workdir, "scratch"))
        sys.path[:0] = manifest[
            "search_path"
        ]  # the user's own helper modules, as `python file.py` finds them
        module = _load(workdir, manifest, first)
        if module is not None:
            kit = Kit(np, torch, manifest["file"])
            kit.ranks = ranks
            _scenarios(workdir, manifest, module, caller, kit, cuda)
    if first:
        if ranks is not None:
            ranks.finish()
        _write_json(workdir, "done.json", {})


def _ranks(argv: list[str]) -> Any:
    """This process's ranks (None for a drill run in one process)."""
    world = int(argv[4]) if len(argv) > 4 else 1
    if world == 1:
        return None
    from bnquiz.drills.ranks import Ranks, free_port

    ranks = Ranks(world, int(argv[5]) if len(argv) > 5 else 0, int(argv[6]) if len(argv) > 6 else free_port())
    if ranks.rank == 0:
        ranks.start_others(argv)
    return ranks


def _scenarios(
    workdir: str, manifest: dict[str, Any], module: Any, caller: Any, kit: Kit, cuda: bool
) -> None:
    """Run every scenario's steps in order, the caller's state carried between them; a step that
    raises ends its scenario (on every rank). Rank r > 0 writes its files with "-rR" added. Once
    a rank is gone nothing more runs, but the CUDA cases are still said to be skipped."""
    ranks = kit.ranks
    mine = "" if ranks is None or ranks.rank == 0 else f"-r{ranks.rank}"
    gone = False
    for index, scenario in enumerate(manifest["scenarios"]):
        if scenario["device"] == "cuda" and not cuda:
            _write_json(workdir, f"res-{index}-0{mine}.json", {"status": "skipped", "why": "cuda"})
            continue
        state: dict[str, Any] = {}
        for step, spec in enumerate(scenario["steps"] if not gone else []):
            failed = _step(workdir, manifest, module, caller, kit, (index, step, mine), spec, state)
            if ranks is not None:
                failed = ranks.meet(f"{index}-{step}", failed)
                gone = failed is None  # a rank is gone: nothing more can run
            if failed or gone:
                break


def _step(
    workdir: str,
    manifest: dict[str, Any],
    module: Any,
    caller: Any,
    kit: Kit,
    at: tuple[int, int, str],
    spec: dict[str, Any],
    state: dict[str, Any],
) -> bool:
    """Run one step and write what it returned (or raised); whether it raised."""
    index, step, mine = at
    inputs = {name: _read(workdir, array, kit.np) for name, array in spec["inputs"].items()}
    scenario = manifest["scenarios"][index]
    name = f"res-{index}-{step}{mine}.json"
    try:
        if kit.ranks is not None:
            kit.ranks.ready()
        outputs, notes = caller(module, manifest["form"], scenario, step, inputs, state, kit)
    except BaseException as exc:
        _write_json(workdir, name, {"status": "error", "error": describe(exc, manifest["file"])})
        return True
    if outputs is None:  # this rank takes no part in the call
        _write_json(workdir, name, {"status": "absent"})
    else:
        file, chunks = f"out-{index}-{step}{mine}.bin", list[bytes]()  # the step's outputs, one file
        saved = {key: _save(chunks, file, value, kit.np) for key, value in outputs.items()}
        with _open(os.path.join(workdir, file), "wb") as handle:
            handle.write(b"".join(chunks))
        _write_json(workdir, name, {"status": "ok", "outputs": saved, "notes": notes})
    return False


def _caller(named: dict[str, str]) -> Any:
    """The drill's child-side caller, by import path (or by file, for a drill outside bnquiz)."""
    module_name, _, function = named["import"].partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        spec = importlib.util.spec_from_file_location(module_name, named["file"])
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return getattr(module, function)


def _load(workdir: str, manifest: dict[str, Any], report: bool = True) -> Any:
    """The user's module, or None (and, where `report`, why in module.json: the other ranks of a
    distributed drill load the same file and leave the saying to rank 0)."""
    path = manifest["file"]

    def said(data: dict[str, Any]) -> None:
        if report:
            _write_json(workdir, "module.json", data)

    try:
        spec = importlib.util.spec_from_file_location("submission", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["submission"] = module
        spec.loader.exec_module(module)
    except BaseException as exc:
        said(
            {
                "kind": "syntax-error" if _isinstance(exc, SyntaxError) else "import-error",
                "error": describe(exc, path),
            }
        )
        return None
    missing = [name for name in manifest["functions"] if not callable(getattr(module, name, None))]
    if missing:
        found = sorted(n for n, v in vars(module).items() if callable(v) and not n.startswith("_"))
        said({"kind": "missing-function", "missing": missing, "found": found})
        return None
    said(
        {
            "kind": "ok",
            "present": [name for name in manifest["optional"] if callable(getattr(module, name, None))],
        }
    )
    return module


def _write_json(workdir: str, name: str, data: dict[str, Any]) -> None:
    with _open(os.path.join(workdir, name), "w", encoding="utf-8") as handle:
        handle.write(_dumps(data))


def _read(workdir: str, spec: dict[str, Any], np: Any) -> Any:
    """One input array: `shape` values of `dtype` at `offset` in `file`."""
    dtype = np.dtype(spec["dtype"])
    count = 1
    for size in spec["shape"]:
        count *= size
    with _open(os.path.join(workdir, spec["file"]), "rb") as handle:
        handle.seek(spec.get("offset", 0))
        data = handle.read(count * dtype.itemsize)
    return np.frombuffer(data, dtype=dtype).reshape(spec["shape"]).copy()


def _save(chunks: list[bytes], file: str, value: Any, np: Any) -> dict[str, Any]:
    """Raw bytes (appended to `chunks`, which go to `file`) plus where, dtype and shape: nothing a
    submission can patch, nothing to unpickle."""
    if _isinstance(value, dict):  # a sub-call's error, reported as this output
        return cast(dict[str, Any], value)
    array = np.ascontiguousarray(value)
    if array.dtype.name not in DTYPES:
        return {"type": f"an array of {array.dtype.name}"}
    offset = sum(len(chunk) for chunk in chunks)
    chunks.append(array.tobytes())
    return {"file": file, "offset": offset, "dtype": array.dtype.name, "shape": list(array.shape)}


if __name__ == "__main__":
    main(sys.argv)
