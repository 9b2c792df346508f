"""The per-sample norms' catalogue of mistakes as knob settings of `normalizing`, in the order
the judge tries them (the more common of two that compute the same thing first)."""

from __future__ import annotations

from bnquiz.drills.spec import Knob, Mistake
from bnquiz.language import _

FIXED_EPS = (1e-5, 1e-6, 1e-8, 1e-12)  # values written in instead of the eps argument (1e-12: BERT's)
# torch.finfo(dtype).eps: what F.rms_norm's eps=None means
FINFO_EPS = {"float64": 2.220446049250313e-16, "float32": 1.1920928955078125e-07, "float16": 0.0009765625}


def mistakes(kind: str) -> tuple[Mistake, ...]:
    """The catalogue as a per-sample norm shows it, in the order the judge tries it."""
    found = _axes(kind)
    if kind == "rms":
        found += [
            _m("rms-mean-subtracted", ("center", "mean"), ("spread", "mean")),
            _m("rms-divides-by-std", ("spread", "mean")),
            _m("rms-divides-by-std", ("spread", "mean"), ("var", "unbiased")),
            _m("rms-l2-norm", ("var", "sum")),
            _m("unbiased-variance", ("var", "unbiased")),
        ]
    else:
        found += [
            _m("unbiased-variance", ("var", "unbiased")),
            _m("mean-not-subtracted", ("center", "none")),
            _m("variance-not-centred", ("spread", "zero")),
        ]
    found += [
        _m("eps-outside-sqrt", ("eps", "outside")),
        _m("eps-missing", ("eps", "missing")),
        _m("sqrt-missing", ("eps", "no-sqrt")),
        _m("eps-doubled", ("eps", "doubled")),
        _m("eps-clamped", ("eps", "clamp")),
        *(_m("eps-ignored", ("eps_value", value)) for value in FIXED_EPS),
    ]
    if kind == "rms":
        found.append(_m("eps-divided-by-n", ("eps", "over-n")))
        found += [
            _m("eps-none-fixed", ("eps_default", value)) for value in (*FIXED_EPS, FINFO_EPS["float32"])
        ]  # (float32's: whatever x's dtype)
    found.append(_m("weight-ignored", ("affine", "no-weight")))
    if kind != "rms":
        found += [
            _m("bias-ignored", ("affine", "no-bias")),
            *(_m("gamma-beta-swapped", ("affine", f"swapped{way}")) for way in ("", "-filled", "-guarded")),
            *(_m("beta-scaled-by-gamma", ("affine", f"beta-scaled{way}")) for way in ("", "-filled")),
        ]
    if kind == "group":
        found += [_m("affine-per-group", ("affine", rule)) for rule in ("per-group", "per-group-first")]
    if kind == "rms":
        found.append(_m("weight-plus-one", ("affine", "one-plus")))
    found += [Mistake(id, "backward", (("backward.dx", value),)) for id, value in _BACKWARD[kind]]
    return tuple(found)


_BACKWARD = {
    "layer": (
        ("stats-detached", "detached"),
        ("grad-missing-mean-term", "no-mean"),
        ("grad-missing-variance-term", "no-var"),
    ),
    "group": (
        ("stats-detached", "detached"),
        ("grad-missing-mean-term", "no-mean"),
        ("grad-missing-variance-term", "no-var"),
    ),
    "rms": (
        ("grad-missing-variance-term", "no-var"),
    ),  # no mean: detaching the statistics is detaching the RMS
}


def _m(id: str, *knobs: tuple[str, Knob], detail: str = "") -> Mistake:
    """A forward mistake, its knobs named without the "forward." prefix."""
    axes = any(name == "axes" for name, _ in knobs)
    return Mistake(id, "forward", tuple((f"forward.{name}", value) for name, value in knobs), detail, axes)


def _axes(kind: str) -> list[Mistake]:
    """Statistics over the wrong values (each detail says which, in the language in use)."""
    batch = [
        _m("batch-statistics", ("axes", "batch-channel"), detail=_("every dimension but the channels")),
    ]
    if kind == "group":
        return [
            *batch,
            _m("batch-statistics", ("axes", "batch-group"), detail=_("each group, over the batch too")),
            _m("groups-interleaved", ("axes", "interleaved")),
            _m("num-groups-as-group-size", ("axes", "size-swapped")),
            _m("num-groups-ignored", ("axes", "one-group"), detail=_("one group: LayerNorm")),
            _m(
                "num-groups-ignored", ("axes", "per-channel"), detail=_("one channel per group: InstanceNorm")
            ),
        ]
    return [
        _m("batch-statistics", ("axes", "batch"), detail=_("the batch dimension")),
        *batch,
        _m("batch-statistics", ("axes", "all"), detail=_("every dimension, the batch included")),
        _m("last-dim-only", ("axes", ("trailing", 1))),
        *(
            _m(
                "wrong-trailing-dims",
                ("axes", ("trailing", k)),
                detail=_("the last {count} dimensions").format(count=k),
            )
            for k in (2, 3, 4)
        ),
        _m("wrong-trailing-dims", ("axes", "per-sample"), detail=_("every dimension but the batch")),
        _m(
            "wrong-trailing-dims", ("axes", "leading"), detail=_("the first len(normalized_shape) dimensions")
        ),
    ]
