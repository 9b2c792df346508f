"""`small-batch`: BN and GroupNorm trained at batch sizes 2 to 32. BN's error rises at the
smallest batch; GN's does not (Wu & He 2018, Table 2, at toy scale)."""

from __future__ import annotations

from bnquiz.labs import training
from bnquiz.labs.lab import Lab, Plot, Record, Tick, one_thread
from bnquiz.language import N_, _

SIZES = (2, 4, 8, 16, 32)


def experiment(seed: int, small: bool, tick: Tick) -> list[Record]:
    import torch

    sizes, epochs = ((2, 32), 1) if small else (SIZES, 2)
    records: list[Record] = []
    with one_thread(seed):
        data, held_out = training.images(seed, 1024), training.images(seed + 1, 1024)
        for batch in sizes:
            for norm in ("bn", "gn"):
                torch.manual_seed(seed)  # the same start for both norms
                model = training.network(norm)
                rate = 0.003 * (batch / 8) ** 0.5  # Adam's step grows with the batch, as its noise falls
                training.train(model, data, batch, epochs, torch.optim.Adam(model.parameters(), rate), seed)
                records.append(
                    {"norm": norm, "batch_size": batch, "error": round(training.error(model, held_out), 4)}
                )
                tick(len(records), 2 * len(sizes))
    return records


def reading(records: list[Record]) -> str:
    errors = {(r["norm"], r["batch_size"]): r["error"] for r in records}
    smallest, largest = min(r["batch_size"] for r in records), max(r["batch_size"] for r in records)
    gn = [r["error"] for r in records if r["norm"] == "gn"]
    said = _(
        "BN's validation error is {bn_small:.0%} at batch size {small} and {bn_large:.0%} at {large}; "
        "GroupNorm's is at most {gn_high:.0%} at every size. With two images in a batch, each "
        "channel of the last 1×1 map is normalized over two numbers: the result is ±1, which of the "
        "two is larger and nothing more, and in eval the running statistics give the next layer "
        "values it never saw in training. GN normalizes each image over its own channels, whatever "
        "the batch."
    )
    return said.format(
        bn_small=errors["bn", smallest],
        bn_large=errors["bn", largest],
        small=smallest,
        large=largest,
        gn_high=max(gn),
    )


LAB = Lab(
    name="small-batch",
    title=N_("BN and GroupNorm at batch sizes 2 to 32"),
    claim=N_("BN's error rises at small batches; GroupNorm's does not."),
    questions=("small-batch/gn-bn-gap-at-two", "small-batch/rank-small-batch-errors"),
    experiment=experiment,
    reading=reading,
    plot=Plot("batch_size", "error", "norm", N_("batch size"), N_("validation error"), log_x=True),
)
