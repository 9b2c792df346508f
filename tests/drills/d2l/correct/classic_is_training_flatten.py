# expect: pass
# classic edition with an explicit is_training flag; 4-D input is handled as a (C, N*H*W) matrix
import torch


def batch_norm(is_training, X, gamma, beta, moving_mean, moving_var, eps, momentum):
    C = X.shape[1]
    if X.dim() == 4:
        cols = X.transpose(0, 1).reshape(C, -1)   # row c: every value of channel c
    else:
        cols = X.t()
    if is_training:
        mean = cols.mean(dim=1)
        var = (cols - mean[:, None]).pow(2).mean(dim=1)
        new_mean = momentum * moving_mean + (1.0 - momentum) * mean.detach().reshape(moving_mean.shape)
        new_var = momentum * moving_var + (1.0 - momentum) * var.detach().reshape(moving_var.shape)
    else:
        mean, var = moving_mean.reshape(C), moving_var.reshape(C)
        new_mean, new_var = moving_mean, moving_var
    X_hat = (cols - mean[:, None]) / torch.sqrt(var[:, None] + eps)
    out = gamma.reshape(C, 1) * X_hat + beta.reshape(C, 1)
    if X.dim() == 4:
        N, _, H, W = X.shape
        Y = out.reshape(C, N, H, W).transpose(0, 1)
    else:
        Y = out.t()
    return Y, new_mean, new_var
