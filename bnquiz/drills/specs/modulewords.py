"""The `module` drill's words: its starter, conventions and hints, and the title, why and fix of
each mistake of its own (the numeric ones are the batch-norm catalogue's)."""

from __future__ import annotations

from bnquiz.drills.catalog.entry import Text
from bnquiz.language import N_

STARTER = N_('''\
"""bnquiz drill `module`: BatchNorm2d as a torch.nn.Module, behaving as nn.BatchNorm2d does.

Check it with:  bnquiz drill check {path}
"""

import torch
from torch import nn


class BatchNorm2d(nn.Module):
    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True):
        """As nn.BatchNorm2d: weight (gamma) and bias (beta) are nn.Parameters of shape
        (num_features,), initialised to 1 and 0 (None when affine=False); running_mean,
        running_var (0 and 1) and num_batches_tracked (0, int64) are registered buffers (None
        when track_running_stats=False), so that they follow .to(), .double() and .cuda() and
        appear in state_dict() under nn.BatchNorm2d's names and shapes."""
        super().__init__()
        raise NotImplementedError("write your __init__ here")

    def forward(self, x):
        """x: (N, C, H, W). In training mode (self.training), or without running statistics,
        normalize each channel with the batch mean and the BIASED batch variance over
        (N, H, W), eps inside the square root; in training also count the batch in
        num_batches_tracked and update, without autograd,
            running = (1 - momentum) * running + momentum * batch_statistic
        with the UNBIASED variance for running_var; momentum=None means the cumulative
        average, momentum = 1 / num_batches_tracked. In eval mode normalize with the running
        statistics and leave them alone. Then y = x_hat * weight + bias per channel."""
        raise NotImplementedError("write your forward here")
''')

BLIND = N_('''\
"""bnquiz drill `module`: BatchNorm2d as a torch.nn.Module, behaving as nn.BatchNorm2d does.

Check it with:  bnquiz drill check {path}
"""

import torch
from torch import nn


class BatchNorm2d(nn.Module):
    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True):
        """A drop-in replacement for torch.nn.BatchNorm2d.

        num_features: C, the number of channels; eps, momentum, affine and
        track_running_stats: as in nn.BatchNorm2d."""
        super().__init__()
        raise NotImplementedError("write your __init__ here")

    def forward(self, x):
        """x: (N, C, H, W) input. Returns y, the normalized x: same shape, dtype and device."""
        raise NotImplementedError("write your forward here")
''')

CONVENTIONS = (
    N_("weight and bias are nn.Parameters (1 and 0) of shape (C,); None when affine=False"),
    N_("running_mean, running_var (0 and 1) and num_batches_tracked (int64) are buffers"),
    N_("state_dict() has nn.BatchNorm2d's keys, shapes and dtypes, and loads both ways"),
    N_("training: batch mean and BIASED variance; running_var gets the UNBIASED one"),
    N_("momentum weights the new batch (0.1); momentum=None: the cumulative average"),
    N_("eval uses the running statistics and leaves them alone; without them, batch statistics"),
)

HINTS = (
    N_(
        "Register the statistics with self.register_buffer('running_mean', torch.zeros(num_features)) "
        "(and running_var, num_batches_tracked): a plain attribute never follows .to() and never "
        "reaches state_dict."
    ),
    N_(
        "Keep weight and bias as nn.Parameter(torch.ones(C)) and nn.Parameter(torch.zeros(C)), "
        "shape (C,), and reshape them to (1, C, 1, 1) only inside forward."
    ),
    N_(
        "Branch on self.training; update the buffers in place under torch.no_grad(), with the "
        "variance times n/(n − 1), n = N·H·W, and add 1 to num_batches_tracked."
    ),
    N_(
        "y = (x − μ)/√(σ² + ε)·γ + β over dims (0, 2, 3); with momentum=None the factor is "
        "1/num_batches_tracked after the increment."
    ),
)

_REGISTERED = N_(
    "nn.Module moves and saves only what it registers: parameters and buffers follow .to(), "
    ".double() and .cuda(), and appear in state_dict(). A tensor kept as a plain attribute "
    "stays where it was made and is lost when the model is saved."
)

TEXTS = {
    "stats-plain-attributes": Text(
        N_("you kept the running statistics as plain attributes, not buffers{where}"),
        _REGISTERED,
        N_("self.register_buffer('running_mean', torch.zeros(num_features)), and the same for running_var."),
    ),
    "nbt-missing": Text(
        N_("your module has no num_batches_tracked buffer{where}"),
        N_(
            "nn.BatchNorm2d counts the batches it has seen in num_batches_tracked (an int64 "
            "buffer): momentum=None needs it, and nn.BatchNorm2d's state_dict has it, so that "
            "state_dict does not load strictly into your module (the other way round PyTorch "
            "fills in the missing count, as for a checkpoint older than the buffer)."
        ),
        N_("self.register_buffer('num_batches_tracked', torch.tensor(0, dtype=torch.long))."),
    ),
    "nbt-not-buffer": Text(
        N_("you kept num_batches_tracked as a plain attribute, not a buffer{where}"),
        _REGISTERED,
        N_("self.register_buffer('num_batches_tracked', torch.tensor(0, dtype=torch.long))."),
    ),
    "nbt-wrong-dtype": Text(
        N_("your num_batches_tracked is not an int64 tensor{where}"),
        N_(
            "nn.BatchNorm2d stores the count as int64 (torch.long): a float count has another "
            "dtype in state_dict() and loses exactness after 2²⁴ batches in float32."
        ),
        N_("torch.tensor(0, dtype=torch.long), and num_batches_tracked.add_(1)."),
    ),
    "params-plain-tensors": Text(
        N_("you kept weight and bias as plain tensors, not nn.Parameters{where}"),
        N_(
            "Only nn.Parameter attributes are in module.parameters(), which the optimizer is "
            "given: plain tensors are never trained (and without requires_grad no gradient "
            "reaches them); they do not follow .double() and are missing from state_dict()."
        ),
        N_("self.weight = nn.Parameter(torch.ones(num_features)); the same for bias with zeros."),
    ),
    "params-shaped-4d": Text(
        N_("your weight and bias are (1, C, 1, 1), so state_dict does not load into nn.BatchNorm2d{where}"),
        N_(
            "This is a compatibility mistake, not a numeric one: your outputs are right, but "
            "nn.BatchNorm2d keeps γ and β as (C,), so load_state_dict fails with a size mismatch "
            "in both directions and a checkpoint cannot move between the two."
        ),
        N_("Store them as (C,) and reshape inside forward: self.weight.view(1, -1, 1, 1)."),
    ),
    "stats-shaped-4d": Text(
        N_(
            "your running statistics are (1, C, 1, 1), so state_dict does not load into nn.BatchNorm2d{where}"
        ),
        N_(
            "This is a compatibility mistake, not a numeric one: nn.BatchNorm2d keeps "
            "running_mean and running_var as (C,), so load_state_dict fails with a size mismatch."
        ),
        N_("Register them as (C,) and reshape inside forward."),
    ),
    "option-unsupported": Text(
        N_("your module does not support {detail}{where}"),
        N_(
            "nn.BatchNorm2d accepts this option, so code written for it passes it: a class "
            "that raises on it or ignores it is not a drop-in replacement. This is apart from "
            "the numeric findings."
        ),
        N_(
            "affine=False: weight = bias = None (register_parameter('weight', None)); "
            "track_running_stats=False: the buffers are None and eval uses batch statistics; "
            "momentum=None: the factor is 1/num_batches_tracked."
        ),
    ),
    "params-init-swapped": Text(
        N_("you initialised weight to 0 and bias to 1{where}"),
        N_("A new BatchNorm is the identity after normalizing: γ starts at 1 and β at 0."),
        N_("nn.Parameter(torch.ones(C)) for weight, nn.Parameter(torch.zeros(C)) for bias."),
    ),
    "running-var-init-zero": Text(
        N_("you initialised running_var to 0{where}"),
        N_(
            "A module evaluated before any training step divides by √(running_var + ε): starting "
            "at 0 that is √ε, which scales every output up by about 316 at ε = 1e-5. "
            "nn.BatchNorm2d starts running_var at 1."
        ),
        N_("torch.ones(num_features) for running_var."),
    ),
    "momentum-none-ignored": Text(
        N_("with momentum=None you did not take the cumulative average{where}"),
        N_(
            "momentum=None asks for the plain average of every batch seen: the factor is "
            "1/num_batches_tracked after counting the batch, so the first batch replaces the "
            "initial statistics and the k-th gets weight 1/k."
        ),
        N_("factor = 1.0 / float(self.num_batches_tracked) if self.momentum is None else self.momentum."),
    ),
    "nbt-not-counted": Text(
        N_("you did not count the batches in num_batches_tracked{where}"),
        N_("Each training forward adds 1 to num_batches_tracked, as nn.BatchNorm2d does."),
        N_("self.num_batches_tracked.add_(1) in the training branch."),
    ),
    "running-var-biased": Text(
        N_("you stored the biased variance in running_var (d2l's convention){where}"),
        N_(
            "The d2l book's module keeps the biased batch variance; nn.BatchNorm2d normalizes "
            "with the biased one but stores the UNBIASED one, σ²·n/(n−1), in running_var."
        ),
        N_("Update running_var with var * n / (n - 1), n = N·H·W."),
    ),
}
