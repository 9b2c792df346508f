"""`learning-rate`: the same net with and without BN, trained by SGD over a range of learning
rates (the exercise of d2l's batch-norm chapter). Without BN the larger rates diverge; with it
they train."""

from __future__ import annotations

from bnquiz.labs import training
from bnquiz.labs.lab import Lab, Plot, Record, Tick, one_thread
from bnquiz.language import N_, _

RATES = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)


def experiment(seed: int, small: bool, tick: Tick) -> list[Record]:
    import torch

    rates, epochs = ((0.03, 3.0), 1) if small else (RATES, 2)
    records: list[Record] = []
    with one_thread(seed):
        data, held_out = training.images(seed, 1024), training.images(seed + 1, 1024)
        for rate in rates:
            for norm in ("bn", "none"):
                torch.manual_seed(seed)
                model = training.network(norm)
                finite = training.train(
                    model, data, 32, epochs, torch.optim.SGD(model.parameters(), rate), seed
                )
                error = training.error(model, held_out) if finite else 1 - 1 / training.CLASSES
                records.append({"norm": norm, "lr": rate, "error": round(error, 4), "diverged": not finite})
                tick(len(records), 2 * len(rates))
    return records


TRAINED = 0.1  # a run "trains" when its validation error is under this


def reading(records: list[Record]) -> str:
    def span(norm: str) -> str:
        rates = [r["lr"] for r in records if r["norm"] == norm and r["error"] < TRAINED]
        if not rates:
            return _("none of them")
        return (
            f"{min(rates):g}"
            if len(rates) == 1
            else _("{low:g} to {high:g}").format(low=min(rates), high=max(rates))
        )

    diverged = sorted({r["lr"] for r in records if r["norm"] == "none" and r["diverged"]})
    said = _(
        "Of the rates tried, {plain} train the net without BN to under {bar:.0%} error{diverged}; "
        "with BN, {bn} do. BN keeps each layer's inputs at a fixed scale whatever the weights grow "
        "to, and a layer's gradient shrinks as its weights grow (Ioffe & Szegedy, §3.3): a large "
        "step cannot blow the activations up."
    )
    said_diverged = _(" (from {rate:g} on, its loss diverged)").format(rate=diverged[0]) if diverged else ""
    return said.format(plain=span("none"), bn=span("bn"), bar=TRAINED, diverged=said_diverged)


LAB = Lab(
    name="learning-rate",
    title=N_("With and without BN over a range of learning rates"),
    claim=N_("BN trains at learning rates that make the same net without it diverge."),
    questions=("ics/larger-learning-rates",),
    experiment=experiment,
    reading=reading,
    plot=Plot("lr", "error", "norm", N_("learning rate"), N_("validation error"), log_x=True),
)
