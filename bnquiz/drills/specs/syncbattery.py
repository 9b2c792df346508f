"""The `syncbn` drill's battery: cases on two and three ranks with unequal shards (one rank
with a single sample), and the arrays each rank's call receives."""

from __future__ import annotations

from dataclasses import replace

from bnquiz.drills.spec import Arrays, Edition, Scenario, Step

MOMENTUM = 0.1


def _case(
    id: str,
    shards: tuple[int, ...],
    sample: tuple[int, ...],
    calls: str,
    *,
    eps: float = 1e-5,
    momentum: float = MOMENTUM,
    affine: bool = True,
    dtype: str = "float64",
    device: str = "cpu",
    option: str = "",
) -> Scenario:
    """A case: each rank's number of samples, one sample's shape (C, *spatial), the calls
    ("train", "eval+grad", "train,train,eval")."""
    steps = []
    for call in calls.split(","):
        kind, _, grad = call.partition("+")
        args = {"training": kind == "train", "momentum": momentum, "eps": eps, "backward": bool(grad)}
        steps.append(Step(kind, {**args, "ranks": len(shards)}))
    shape = (sum(shards), *sample)
    about = (
        f"{len(shards)} ranks {'+'.join(map(str, shards))}×{sample} {'f32' if dtype == 'float32' else 'f64'}"
    )
    about += (f" eps={eps:g}" if eps != 1e-5 else "") + (f" m={momentum:g}" if momentum != MOMENTUM else "")
    about += "" if affine else " weight=bias=None"
    about += (
        (" " + device if device != "cpu" else "")
        + " "
        + " → ".join(c.replace("+grad", " + backward") for c in calls.split(","))
    )
    params = {"shards": shards, "affine": affine}
    return Scenario(id, shape, tuple(steps), dtype, device, params, about, option=option)


def scenarios(devices: tuple[str, ...], edition: Edition) -> list[Scenario]:
    found = [
        _case("two-ranks", (3, 1), (3, 4), "train"),
        _case("three-ranks", (2, 4, 1), (3, 2, 3), "train"),
        _case("three-ranks-2d", (3, 2, 4), (4,), "train", eps=0.5, momentum=0.3),
        _case("train-train-eval", (2, 3, 1), (3, 5), "train,train,eval", eps=0.5, momentum=0.3),
        _case("grad-three-ranks", (2, 3, 1), (3, 2, 2), "train+grad"),
        _case("grad-two-ranks", (1, 2), (3, 4), "train+grad", eps=0.5),
        _case("eval-grad", (2, 2, 2), (3, 4), "eval+grad", eps=0.5),
        _case("float32", (2, 3, 1), (3, 4), "train+grad", dtype="float32", eps=0.5, momentum=0.3),
        _case("no-affine", (2, 3), (3, 4), "train", affine=False, option="weight=bias=None"),
    ]
    if "cuda" in devices:  # gloo all-reduces CUDA tensors too (NCCL needs a GPU per rank)
        found.append(
            _case(
                "cuda-float32", (2, 3, 1), (3, 4), "train+grad,eval", dtype="float32", device="cuda", eps=0.5
            )
        )
    return [_seeded(s, seed) for seed, s in enumerate(found, 3000)]


def _seeded(s: Scenario, seed: int) -> Scenario:
    return replace(s, params={**s.params, "seed": seed})


def inputs(s: Scenario, edition: Edition) -> list[Arrays]:
    """Each call's shards: rank r's samples offset by 1.5·r, so the ranks' means differ (a
    variance that leaves out their spread is clearly wrong)."""
    import numpy as np

    rng = np.random.default_rng(s.params["seed"])
    channels, dtype = s.shape[1], s.dtype

    def rounded(values: np.ndarray) -> tuple[np.ndarray, str]:
        return values.astype(dtype).astype(np.float64), dtype

    shared = {
        "weight": rounded(rng.uniform(0.5, 2.0, channels)),
        "bias": rounded(rng.uniform(-1.0, 1.0, channels)),
    }
    first = {
        "running_mean": rounded(rng.uniform(-1.0, 1.0, channels)),
        "running_var": rounded(rng.uniform(0.5, 2.0, channels)),
    }
    calls = []
    for index, step in enumerate(s.steps):
        arrays = dict(first) if index == 0 else {}
        if s.params["affine"]:
            arrays.update(shared)
        for rank, n in enumerate(s.params["shards"]):
            arrays[f"x@{rank}"] = rounded(3.0 + 1.5 * rank + 2.0 * rng.standard_normal((n, *s.shape[1:])))
            if step.args["backward"]:
                arrays[f"dy@{rank}"] = rounded(rng.standard_normal((n, *s.shape[1:])))
        calls.append(arrays)
    return calls
