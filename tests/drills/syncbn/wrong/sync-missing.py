# expect: sync-missing@train+running
# Calls F.batch_norm on the local shard and never communicates: per-rank statistics and running stats.
import torch
import torch.nn.functional as F


def sync_batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps,
                    group=None):
    # TODO: sync across ranks (works on a single GPU anyway)
    return F.batch_norm(x, running_mean, running_var, weight, bias,
                        training=training, momentum=momentum, eps=eps)
