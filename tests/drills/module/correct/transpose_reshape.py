# expect: pass
# statistics from x.transpose(0, 1).reshape(C, -1), one row per channel
import torch
from torch import nn


class BatchNorm2d(nn.Module):
    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True):
        super().__init__()
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        if affine:
            self.weight = nn.Parameter(torch.ones(num_features))
            self.bias = nn.Parameter(torch.zeros(num_features))
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", torch.zeros(num_features))
            self.register_buffer("running_var", torch.ones(num_features))
            self.register_buffer("num_batches_tracked", torch.tensor(0, dtype=torch.long))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def forward(self, x):
        C = x.shape[1]
        if self.training or not self.track_running_stats:
            rows = x.transpose(0, 1).reshape(C, -1)
            mean = rows.mean(dim=1)
            var = rows.var(dim=1, unbiased=False)
            if self.training and self.track_running_stats:
                self._update(mean.detach(), rows.var(dim=1, unbiased=True).detach())
        else:
            mean, var = self.running_mean, self.running_var
        shape = (1, C, 1, 1)
        y = (x - mean.reshape(shape)) / (var.reshape(shape) + self.eps).sqrt()
        if self.affine:
            y = y * self.weight.reshape(shape) + self.bias.reshape(shape)
        return y

    def _update(self, mean, var_unbiased):
        self.num_batches_tracked += 1
        if self.momentum is None:
            m = 1.0 / self.num_batches_tracked.item()
        else:
            m = self.momentum
        self.running_mean.mul_(1 - m).add_(m * mean)
        self.running_var.mul_(1 - m).add_(m * var_unbiased)
