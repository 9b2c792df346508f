# expect: momentum-ignored@running
# hard-codes the book's 0.9 in the moving-average update instead of using the momentum argument
# bnquiz: edition=classic
import torch


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not torch.is_grad_enabled():
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        assert len(X.shape) in (2, 4)
        if len(X.shape) == 2:
            mean = X.mean(dim=0)
            var = ((X - mean) ** 2).mean(dim=0)
        else:
            mean = X.mean(dim=(0, 2, 3), keepdim=True)
            var = ((X - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
        X_hat = (X - mean) / torch.sqrt(var + eps)
        moving_mean = 0.9 * moving_mean + 0.1 * mean
        moving_var = 0.9 * moving_var + 0.1 * var
    Y = gamma * X_hat + beta
    return Y, moving_mean.data, moving_var.data
