# expect-broken: exception
# The starter file as handed out: the signature and the contract, with no implementation yet.
"""bnquiz drill `syncbn`: batch norm with statistics reduced across processes (SyncBN).

Check it with:  bnquiz drill check tests/drills/syncbn/starter.py
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
