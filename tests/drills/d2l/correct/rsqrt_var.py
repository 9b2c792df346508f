# expect: pass
# Tensor.var with unbiased=False and torch.rsqrt for the inverse standard deviation
import torch


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not torch.is_grad_enabled():
        inv_std = torch.rsqrt(moving_var + eps)
        return (X - moving_mean) * inv_std * gamma + beta, moving_mean, moving_var
    dims = 0 if len(X.shape) == 2 else (0, 2, 3)
    mean = X.mean(dims, keepdim=True)
    var = X.var(dims, unbiased=False, keepdim=True)
    inv_std = torch.rsqrt(var + eps)
    Y = (X - mean) * inv_std * gamma + beta
    moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
    moving_var = momentum * moving_var + (1.0 - momentum) * var
    return Y, moving_mean.data, moving_var.data
