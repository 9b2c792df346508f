# expect: eps-outside-sqrt@train+eval, running-var-std@running
# keeps a running standard deviation in running_var and adds eps to the standard deviation
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
            flat = x.transpose(0, 1).reshape(C, -1)
            mean = flat.mean(1)
            std = flat.std(1, unbiased=False)
            if self.training and self.track_running_stats:
                with torch.no_grad():
                    self.num_batches_tracked += 1
                    m = 1.0 / self.num_batches_tracked.item() if self.momentum is None else self.momentum
                    self.running_mean.mul_(1 - m).add_(m * mean)
                    self.running_var.mul_(1 - m).add_(m * flat.std(1, unbiased=True))
        else:
            mean, std = self.running_mean, self.running_var.sqrt()
        y = (x - mean.reshape(1, C, 1, 1)) / (std.reshape(1, C, 1, 1) + self.eps)
        if self.affine:
            y = y * self.weight.reshape(1, C, 1, 1) + self.bias.reshape(1, C, 1, 1)
        return y
