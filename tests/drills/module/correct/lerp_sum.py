# expect: pass
# sums over (0, 2, 3) divided by n, the running averages moved with lerp_
import torch
from torch import nn


class BatchNorm2d(nn.Module):
    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True):
        super().__init__()
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
        for name, value in (
            ("running_mean", torch.zeros(num_features)),
            ("running_var", torch.ones(num_features)),
            ("num_batches_tracked", torch.tensor(0, dtype=torch.long)),
        ):
            self.register_buffer(name, value if track_running_stats else None)

    @torch.no_grad()
    def _track(self, mean, var, n):
        self.num_batches_tracked += 1
        weight = self.momentum if self.momentum is not None else 1 / int(self.num_batches_tracked)
        self.running_mean.lerp_(mean, weight)
        self.running_var.lerp_(var * (n / (n - 1)), weight)

    def forward(self, x):
        n = x.shape[0] * x.shape[2] * x.shape[3]
        if self.training or self.running_mean is None:
            mean = x.sum(dim=(0, 2, 3), keepdim=True) / n
            centered = x - mean
            var = (centered * centered).sum(dim=(0, 2, 3), keepdim=True) / n
            if self.training and self.running_mean is not None:
                self._track(mean.view(-1), var.view(-1), n)
        else:
            centered = x - self.running_mean.view(1, -1, 1, 1)
            var = self.running_var.view(1, -1, 1, 1)
        y = centered / torch.sqrt(var + self.eps)
        if self.weight is not None:
            y = y * self.weight.view(1, -1, 1, 1) + self.bias.view(1, -1, 1, 1)
        return y
