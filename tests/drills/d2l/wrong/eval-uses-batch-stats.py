# expect: eval-uses-batch-stats
# always normalizes with the batch statistics; only the moving-average update checks the mode
import torch


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    assert len(X.shape) in (2, 4)
    if len(X.shape) == 2:
        mean = X.mean(dim=0)
        var = ((X - mean) ** 2).mean(dim=0)
    else:
        mean = X.mean(dim=(0, 2, 3), keepdim=True)
        var = ((X - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
    X_hat = (X - mean) / torch.sqrt(var + eps)
    if torch.is_grad_enabled():
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
        moving_var = momentum * moving_var + (1.0 - momentum) * var
    Y = gamma * X_hat + beta
    return Y, moving_mean.data, moving_var.data
