"""The `syncbn` drill's words: starter, conventions, hints, and its own mistakes' texts."""

from __future__ import annotations

from bnquiz.drills.catalog.entry import Text
from bnquiz.language import N_

STARTER = N_('''\
"""bnquiz drill `syncbn`: batch norm with statistics reduced across processes (SyncBN).

Check it with:  bnquiz drill check {path}
bnquiz runs your function on 3 real processes of a torch.distributed gloo group on loopback.
"""

import torch
import torch.distributed as dist


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    """Batch-normalize this rank's shard `x` of a global batch; return this rank's `y`.

    Called on every rank of `group` (None: the default group) with that rank's own shard:
    x is (n_r, C, *spatial), n_r >= 1 and different from rank to rank.
    training=True: normalize with the mean and BIASED variance of the GLOBAL batch (every
        rank's shard together; combine per-rank sums with all_reduce, weighting each rank by
        its count), eps inside the square root, then y = x_hat * weight + bias; and update,
        in place and identically on every rank:
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var  = (1 - momentum) * running_var  + momentum * var * N / (N - 1)
        with N the GLOBAL number of values per channel.
    training=False: normalize with running_mean and running_var; no communication.
    weight, bias: (C,) tensors or None (None means 1 and 0).
    The result must be what F.batch_norm gives on the concatenated global batch, and its
    gradients what autograd gives through the collectives: use the differentiable ones in
    torch.distributed.nn.functional (all_reduce, all_gather), with group=group.
    Never modify x, weight or bias.
    """
    raise NotImplementedError("write your SyncBN here")
''')

BLIND = N_('''\
"""bnquiz drill `syncbn`: batch norm with statistics reduced across processes (SyncBN).

Check it with:  bnquiz drill check {path}
bnquiz runs your function on 3 real processes of a torch.distributed gloo group on loopback.
"""

import torch
import torch.distributed as dist


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    """SyncBN: batch-normalize this rank's shard `x` of a global batch.

    Called on every rank of `group`, each with its own shard.
    x: (n_r, C, *spatial) input, this rank's n_r >= 1 samples.
    running_mean, running_var: (C,) running statistics, this rank's copy.
    weight, bias: (C,) or None.
    training: bool.
    momentum: the running statistics' momentum.
    eps: a small float for numerical stability.
    group: a torch.distributed process group, or None for the default group.
    Returns y, this rank's normalized x: same shape, dtype and device as x.
    """
    raise NotImplementedError("write your SyncBN here")
''')

CONVENTIONS = (
    N_("statistics of the GLOBAL batch: every rank's shard together, ranks weighted by their counts"),
    N_("normalize with the BIASED global variance, eps inside the square root"),
    N_("running stats updated in place, the same on every rank, running_var unbiased with the global count"),
    N_("eval uses running_mean/running_var and no communication"),
    N_("gradients flow through the collectives (torch.distributed.nn.functional), with group=group"),
)

HINTS = (
    N_(
        "Each rank computes per-channel sums over its shard: the count, Σx and Σx². One "
        "all_reduce of the three (stacked) gives the global ones on every rank."
    ),
    N_(
        "mean = Σx/N and var = Σx²/N − mean² (or all_reduce Σ(x − mean)² in a second pass); "
        "never average the ranks' means or variances: their shards differ in size and mean."
    ),
    N_(
        "Use torch.distributed.nn.functional.all_reduce(t, group=group): it returns a new tensor "
        "and its backward all-reduces the gradient, so every rank's loss reaches every shard."
    ),
    N_(
        "y = (x − mean)/√(var + ε)·γ + β; in training, with torch.no_grad(): running_mean.mul_(1 − "
        "momentum).add_(momentum·mean) and running_var likewise with var·N/(N − 1)."
    ),
)

TEXTS = {
    "sync-missing": Text(
        N_("you used each rank's own statistics, not the global batch's{where}"),
        N_(
            "That is plain BatchNorm on each shard: every rank gets other statistics, the running "
            "statistics drift apart between ranks, and a rank with one sample has zero variance."
        ),
        N_("all_reduce the per-channel count, Σx and Σx² over the group, then take the mean and variance."),
    ),
    "sync-variances-averaged": Text(
        N_("you averaged the ranks' variances, leaving out the spread between their means{where}"),
        N_(
            "The global variance is the count-weighted mean of each rank's variance PLUS the "
            "spread of the ranks' means around the global mean: Σ n_r(σ²_r + (μ_r − μ)²)/N. "
            "Averaging the variances alone is too small whenever the shards' means differ."
        ),
        N_("all_reduce Σx and Σx² (not the variances) and take var = Σx²/N − mean²."),
    ),
    "sync-means-unweighted": Text(
        N_("you averaged the ranks' means without weighting them by their shard sizes{where}"),
        N_(
            "all_reduce(mean)/world_size is the global mean only when every rank has the same "
            "number of samples: a rank with 1 sample then counts as much as one with 4."
        ),
        N_("all_reduce the sums and the counts, then divide: mean = Σx/N."),
    ),
    "sync-count-local": Text(
        N_("you corrected the running variance with this rank's count, not the global count{where}"),
        N_(
            "running_var stores the unbiased GLOBAL variance, var·N/(N − 1) with N the values per "
            "channel over every rank; n_r/(n_r − 1) differs from rank to rank, so the ranks' "
            "running statistics drift apart."
        ),
        N_("Use the all-reduced count N in the correction."),
    ),
    "grads-not-synced": Text(
        N_("your gradient does not flow through the collectives{where}"),
        N_(
            "torch.distributed.all_reduce works in place and is invisible to autograd, so each "
            "rank's dx sees only its own loss through the shared statistics. SyncBN's backward "
            "also all-reduces those gradient terms."
        ),
        N_(
            "Use torch.distributed.nn.functional.all_reduce (it returns a new tensor and has a "
            "backward) for the sums the output depends on."
        ),
    ),
    "process-group-destroyed": Text(
        N_("your sync_batch_norm destroys the process group{where}"),
        N_(
            "The process group belongs to the training script, not to one layer: after "
            "destroy_process_group every later collective (the next layer's, DDP's gradient "
            "all-reduce) fails. bnquiz made the group again to go on grading."
        ),
        N_("Never call destroy_process_group (or init_process_group) inside the layer."),
    ),
    "option-unsupported": Text(
        N_("your sync_batch_norm does not support {detail}{where}"),
        N_("F.batch_norm and SyncBatchNorm accept weight=None and bias=None (no affine step)."),
        N_("Multiply by weight only when it is not None, and add bias only when it is not None."),
    ),
}
