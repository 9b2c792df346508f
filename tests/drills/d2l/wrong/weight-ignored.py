# expect: weight-ignored@train+eval
# shifts by beta but never scales by gamma
import torch


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not torch.is_grad_enabled():
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        assert len(X.shape) in (2, 4)
        dims = [0] if X.ndim == 2 else [0, 2, 3]
        var, mean = torch.var_mean(X, dim=dims, keepdim=True, correction=0)
        X_hat = (X - mean) / torch.sqrt(var + eps)
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
        moving_var = momentum * moving_var + (1.0 - momentum) * var
    Y = X_hat + beta
    return Y, moving_mean.data, moving_var.data
