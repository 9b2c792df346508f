# expect: pass
# moves C last, flattens to (-1, C), computes column statistics, then restores the layout
import torch


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    C = X.shape[1]
    if X.dim() == 4:
        N, _, H, W = X.shape
        flat = X.permute(0, 2, 3, 1).reshape(-1, C)
    else:
        flat = X
    if torch.is_grad_enabled():
        mean = flat.mean(dim=0)
        var = ((flat - mean) ** 2).mean(dim=0)
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean.detach().reshape(moving_mean.shape)
        moving_var = momentum * moving_var + (1.0 - momentum) * var.detach().reshape(moving_var.shape)
    else:
        mean = moving_mean.reshape(C)
        var = moving_var.reshape(C)
    out = (flat - mean) / torch.sqrt(var + eps) * gamma.reshape(C) + beta.reshape(C)
    if X.dim() == 4:
        out = out.reshape(N, H, W, C).permute(0, 3, 1, 2)
    return out, moving_mean, moving_var
