"""What must not change during a call: the input and the parameters."""

from __future__ import annotations

from bnquiz.drills.catalog.entry import Text
from bnquiz.language import N_

INPUTS: dict[str, Text] = {
    "input-modified": Text(
        N_("you modified the input in place"),
        N_(
            "The caller's x changed (e.g. x -= mean). The input belongs to the caller and may be "
            "needed again, for instance by autograd."
        ),
        N_("Work on new tensors: xc = x - mean."),
    ),
    "params-modified": Text(
        N_("you modified the scale or the shift in place"),
        N_("The caller's weight or bias changed during the call; they are parameters the optimizer owns."),
        N_("Never write into weight or bias; compute with them."),
    ),
}
