"""Float64 batch norm with knobs on each code path: every named mistake is knobs turned on one path.

The batch-norm drills (forward, d2l, cs231n) share these numerics; each spec picks the mistakes
its contract can show. Knob names are "<path>.<knob>"; an absent knob has its correct setting.

  train.* / eval.*   the forward in training and in eval mode:
                     stats ("batch", "running", "fresh" = 0 and 1), axes (see `groups`),
                     var ("biased", "unbiased"), center ("batch", "running", "none"),
                     eps ("inside", "outside", "missing", "no-sqrt", "doubled"), eps_value (a fixed
                     number instead of the eps argument), affine ("normal", "swapped",
                     "beta-scaled", "gamma-added", "no-weight", "no-bias"); eval.updates (bool)
  running.*          the running-statistics update: momentum ("drill", "flipped", "replace"),
                     momentum_value (a fixed number instead of the argument), estimator
                     ("drill", "other"), form ("var", "std", "var+eps"), update ("yes", "none",
                     "rebound"), axes, layout ("squeezed", "keepdim")
  <backward>.*       a hand-written or autograd backward pass: mode ("exact": the derivative of
                     the forward; "formula": the textbook formula fed the forward's x̂ and σ̂),
                     dx ("full", "detached", "no-mean", "no-var", "no-gamma", "n-minus-1"), eps and
                     eps_value (σ̂ recomputed with another eps), xhat ("cached", "recomputed"),
                     dgamma ("xhat", "x", "dbeta", "gamma"), dbeta ("sum", "mean", "xhat")

The gradients are analytic for every forward whose statistics are taken over groups of the
input (any axes, reshapes, the last-axis broadcast), checked against finite differences by the
test suite; `None` means "this setting would have raised on this input".

One module per part: `grouping` (which values each statistic covers), `normalization` (the
forward), `update` (of the running statistics), `backward`, `mistakes` (the catalogue as knobs).
"""

from __future__ import annotations

from bnquiz.drills.batchnorm.backward import gradients
from bnquiz.drills.batchnorm.call import Call
from bnquiz.drills.batchnorm.grouping import Groups, describe_axes, groups
from bnquiz.drills.batchnorm.mistakes import (
    axes_mistakes,
    backward_mistakes,
    forward_mistakes,
    running_mistakes,
)
from bnquiz.drills.batchnorm.normalization import Forward, forward
from bnquiz.drills.batchnorm.update import running

__all__ = [
    "Call",
    "Forward",
    "Groups",
    "axes_mistakes",
    "backward_mistakes",
    "describe_axes",
    "forward",
    "forward_mistakes",
    "gradients",
    "groups",
    "running",
    "running_mistakes",
]
