# expect: pass
# torch.var_mean over (0, 2, 3), keepdim, the running update in place under no_grad
import torch
from torch import nn


class BatchNorm2d(nn.Module):
    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True):
        super().__init__()
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        self.weight = nn.Parameter(torch.ones(num_features)) if affine else None
        self.bias = nn.Parameter(torch.zeros(num_features)) if affine else None
        if track_running_stats:
            self.register_buffer("running_mean", torch.zeros(num_features))
            self.register_buffer("running_var", torch.ones(num_features))
            self.register_buffer("num_batches_tracked", torch.zeros((), dtype=torch.int64))
        else:
            self.running_mean = self.running_var = self.num_batches_tracked = None

    def forward(self, x):
        if self.training or not self.track_running_stats:
            var, mean = torch.var_mean(x, dim=(0, 2, 3), correction=0, keepdim=True)
            if self.training and self.track_running_stats:
                n = x.numel() // x.shape[1]
                with torch.no_grad():
                    self.num_batches_tracked += 1
                    m = self.momentum
                    if m is None:
                        m = 1.0 / self.num_batches_tracked.item()
                    self.running_mean.mul_(1 - m).add_(mean.flatten(), alpha=m)
                    self.running_var.mul_(1 - m).add_(var.flatten() * n / (n - 1), alpha=m)
        else:
            mean = self.running_mean.reshape(1, -1, 1, 1)
            var = self.running_var.reshape(1, -1, 1, 1)
        out = (x - mean) * torch.rsqrt(var + self.eps)
        if self.affine:
            out = out * self.weight.reshape(1, -1, 1, 1) + self.bias.reshape(1, -1, 1, 1)
        return out
