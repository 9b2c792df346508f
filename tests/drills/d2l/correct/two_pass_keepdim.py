# expect: pass
# two-pass mean/variance with keepdim=True, same code path for 2-D and 4-D inputs
import torch


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if torch.is_grad_enabled():
        axes = [0] if X.ndim == 2 else [0, 2, 3]
        mean = X.mean(dim=axes, keepdim=True)
        centered = X - mean
        var = (centered * centered).mean(dim=axes, keepdim=True)
        X_hat = centered / torch.sqrt(var + eps)
        with torch.no_grad():
            moving_mean = momentum * moving_mean + (1 - momentum) * mean
            moving_var = momentum * moving_var + (1 - momentum) * var
    else:
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    return gamma * X_hat + beta, moving_mean, moving_var
