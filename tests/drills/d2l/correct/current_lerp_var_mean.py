# expect: pass
# current edition written with torch.var_mean and torch.lerp (lerp with weight momentum puts momentum on the new batch)
# bnquiz: edition=current
import torch


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if torch.is_grad_enabled():
        reduce = [0] if X.dim() == 2 else [0, 2, 3]
        var, mean = torch.var_mean(X, dim=reduce, unbiased=False, keepdim=True)
        inv_std = torch.rsqrt(var + eps)
        moving_mean = torch.lerp(moving_mean, mean.detach(), momentum)
        moving_var = torch.lerp(moving_var, var.detach(), momentum)
    else:
        mean, inv_std = moving_mean, torch.rsqrt(moving_var + eps)
    Y = torch.addcmul(beta, gamma, (X - mean) * inv_std)
    return Y, moving_mean, moving_var
