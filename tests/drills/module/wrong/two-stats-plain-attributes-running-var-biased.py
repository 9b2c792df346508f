# expect: stats-plain-attributes@layout, running-var-biased@running
# the d2l book's module: moving statistics as plain attributes, updated with the biased variance
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
            self.weight = self.bias = None
        if track_running_stats:
            self.running_mean = torch.zeros(num_features)
            self.running_var = torch.ones(num_features)
            self.register_buffer("num_batches_tracked", torch.tensor(0, dtype=torch.long))
        else:
            self.running_mean = self.running_var = self.num_batches_tracked = None

    def forward(self, X):
        if self.running_mean is not None and self.running_mean.device != X.device:
            self.running_mean = self.running_mean.to(X.device)
            self.running_var = self.running_var.to(X.device)
        if not self.training and self.track_running_stats:
            X_hat = (X - self.running_mean.reshape(1, -1, 1, 1)) / torch.sqrt(
                self.running_var.reshape(1, -1, 1, 1) + self.eps)
        else:
            mean = X.mean(dim=(0, 2, 3), keepdim=True)
            var = ((X - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
            X_hat = (X - mean) / torch.sqrt(var + self.eps)
            if self.training and self.track_running_stats:
                self.num_batches_tracked += 1
                momentum = self.momentum
                if momentum is None:
                    momentum = 1.0 / self.num_batches_tracked.item()
                self.running_mean = (1.0 - momentum) * self.running_mean + momentum * mean.reshape(-1).detach()
                self.running_var = (1.0 - momentum) * self.running_var + momentum * var.reshape(-1).detach()
        if self.affine:
            return self.weight.reshape(1, -1, 1, 1) * X_hat + self.bias.reshape(1, -1, 1, 1)
        return X_hat
