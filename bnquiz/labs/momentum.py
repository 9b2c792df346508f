"""`momentum`: nn.BatchNorm1d's running mean chasing an input whose mean drifts, under momentum
0.1, 0.01 and None (the cumulative average)."""

from __future__ import annotations

from typing import Any

from bnquiz.labs.lab import Lab, Plot, Record, Tick, one_thread
from bnquiz.language import N_, _

MOMENTA = (0.1, 0.01, None)
DRIFT = 0.02  # the input's mean rises this much per step
BATCH = 16


def experiment(seed: int, small: bool, tick: Tick) -> list[Record]:
    import torch

    steps, every = (120, 10) if small else (300, 5)
    records: list[Record] = []
    with one_thread(seed):
        for done, momentum in enumerate(MOMENTA, 1):
            torch.manual_seed(seed)  # the same batches for every momentum
            layer: Any = torch.nn.BatchNorm1d(1, momentum=momentum).train()
            for step in range(1, steps + 1):
                mean = DRIFT * step
                with torch.no_grad():
                    layer(mean + torch.randn(BATCH, 1))
                if step % every == 0:
                    running = float(layer.running_mean[0])
                    records.append(
                        {
                            "momentum": str(momentum),
                            "step": step,
                            "input_mean": mean,
                            "running_mean": round(running, 4),
                        }
                    )
            tick(done, len(MOMENTA))
    return records


def reading(records: list[Record]) -> str:
    last = max(r["step"] for r in records)
    final = {r["momentum"]: r["running_mean"] for r in records if r["step"] == last}
    said = _(
        "After {steps} steps the input's mean is {mean:.2f}. With momentum 0.1 the running mean is "
        "{fast:.2f}: it trails by about (1 − m)/m = 9 steps of drift. With 0.01 it is {slow:.2f}: "
        "its lag grows towards 99 steps, and it answers a change ten times more slowly. With "
        "momentum=None, the plain average of every batch so far, it is {none:.2f}: about half way, "
        "and each new batch moves it less than the last."
    )
    mean = next(r["input_mean"] for r in records if r["step"] == last)
    return said.format(steps=last, mean=mean, fast=final["0.1"], slow=final["0.01"], none=final["None"])


LAB = Lab(
    name="momentum",
    title=N_("The running mean chasing a drifting input"),
    claim=N_("Momentum sets how far the running mean lags; None averages all of history."),
    questions=("train-eval/initial-stats-half-life", "train-eval/precise-bn-cumulative-average"),
    experiment=experiment,
    reading=reading,
    plot=Plot("step", "running_mean", "momentum", N_("step"), N_("running mean"), also="input_mean"),
)
