"""`train-eval`: one trained BN model scored in train mode, in eval mode, on a shifted domain with
the statistics it kept from training, and on that domain after re-estimating them (AdaBN, Li et
al. 2016, at toy scale)."""

from __future__ import annotations

import copy
from typing import Any

from bnquiz.labs import training
from bnquiz.labs.lab import Lab, Plot, Record, Tick, one_thread
from bnquiz.language import N_, _

# the conditions, in the order they are plotted (the records keep these English words)
CONDITIONS = (N_("train mode"), N_("eval mode"), N_("eval, shifted"), N_("eval, re-estimated"))
CONTRAST, BRIGHTNESS = 0.5, 3.0  # the shifted domain: another camera, x ↦ 0.5x + 3


def experiment(seed: int, small: bool, tick: Tick) -> list[Record]:
    import torch

    with one_thread(seed):
        # one camera's images to train and score on, and another camera's (`shifted`)
        data, held_out = (
            training.images(seed, 1024, varied=False),
            training.images(seed + 1, 1024, varied=False),
        )
        shifted = (held_out[0] * CONTRAST + BRIGHTNESS, held_out[1])
        model = training.network("bn")
        training.train(model, data, 32, 1 if small else 3, torch.optim.Adam(model.parameters(), 0.006), seed)
        tick(1, 5)
        scores = {
            "train mode": 1 - _in_train_mode(model, held_out),
            "eval mode": 1 - training.error(model, held_out),
            "eval, shifted": 1 - training.error(model, shifted),
            "eval, re-estimated": 1 - training.error(_reestimated(model, shifted[0]), shifted),
        }
        tick(5, 5)
    statistics = {"train mode": "batch", "eval mode": "training", "eval, shifted": "training"}
    return [
        {
            "condition": condition,
            "data": "shifted" if "shifted" in condition or "re-estimated" in condition else "source",
            "statistics": statistics.get(condition, "re-estimated"),
            "accuracy": round(score, 4),
        }
        for condition, score in scores.items()
    ]


def _in_train_mode(model: Any, data: tuple[Any, Any]) -> float:
    """The error with batch statistics (batches of 32), on a copy: train mode would move the
    model's running statistics."""
    import torch

    trained = copy.deepcopy(model).train()
    x, y = data
    with torch.no_grad():
        wrong = sum(
            int((trained(xs).argmax(1) != ys).sum()) for xs, ys in zip(x.split(32), y.split(32), strict=True)
        )
    return wrong / len(x)


def _reestimated(model: Any, x: Any) -> Any:
    """A copy whose BN statistics are measured again on `x` (no labels, no gradient): reset,
    then a cumulative average (momentum=None) over batches of 32 in train mode."""
    import torch

    adapted = copy.deepcopy(model)
    for layer in adapted.modules():
        if isinstance(layer, torch.nn.BatchNorm2d):
            layer.reset_running_stats()
            layer.momentum = None
    adapted.train()
    with torch.no_grad():
        for batch in x.split(32):
            adapted(batch)
    return adapted.eval()


def reading(records: list[Record]) -> str:
    score = {r["condition"]: r["accuracy"] for r in records}
    said = _(
        "Trained, the model scores {train:.0%} in train mode and {eval:.0%} in eval mode: on data "
        "like its training data, the running statistics stand in for the batch's. On a shifted "
        "domain (x ↦ {contrast:g}x + {brightness:g}) the statistics kept from training no longer "
        "fit, and eval accuracy falls to {shifted:.0%}. Measuring them again on the new domain, "
        "with no label and no gradient step, brings it back to {adapted:.0%}."
    )
    return said.format(
        train=score["train mode"],
        eval=score["eval mode"],
        shifted=score["eval, shifted"],
        adapted=score["eval, re-estimated"],
        contrast=CONTRAST,
        brightness=BRIGHTNESS,
    )


LAB = Lab(
    name="train-eval",
    title=N_("Train mode, eval mode, and statistics from another domain"),
    claim=N_("Eval uses the running statistics: stale on a shifted domain, mended by re-estimating them."),
    questions=("train-eval/accuracy-collapses-in-eval", "fine-tuning/adabn-what-changes"),
    experiment=experiment,
    reading=reading,
    plot=Plot("condition", "accuracy", "statistics", N_("condition"), N_("validation accuracy"), bars=True),
)
