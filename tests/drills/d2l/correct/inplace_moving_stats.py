# expect: pass
# updates the moving statistics in place with mul_/add_ and also returns them
import torch


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not torch.is_grad_enabled():
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
        return gamma * X_hat + beta, moving_mean, moving_var
    if X.dim() == 2:
        mean = X.mean(dim=0, keepdim=True)
        var = ((X - mean) ** 2).mean(dim=0, keepdim=True)
    else:
        mean = X.mean(dim=(0, 2, 3), keepdim=True)
        var = ((X - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
    X_hat = (X - mean) / torch.sqrt(var + eps)
    with torch.no_grad():
        moving_mean.mul_(momentum).add_((1.0 - momentum) * mean)
        moving_var.mul_(momentum).add_((1.0 - momentum) * var)
    return gamma * X_hat + beta, moving_mean, moving_var
