# expect-broken: exception
# the unfilled starter: the signature and the contract, but no implementation yet
import torch


def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    """Batch normalization from scratch, in the style of the d2l book.

    X is 2-D (N, C) for a fully connected layer or 4-D (N, C, H, W) for a
    convolutional one. gamma, beta, moving_mean and moving_var have shape
    (1, C) or (1, C, 1, 1).

    Prediction mode is `not torch.is_grad_enabled()`: normalize X with
    moving_mean and moving_var and return them unchanged.

    Training mode: normalize with the batch mean and the biased batch variance
    (mean over dim 0, or over dims (0, 2, 3) with keepdim=True), with eps
    inside the square root, then Y = gamma * X_hat + beta. Return the updated
    moving statistics, where momentum weights the OLD value:
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
        moving_var  = momentum * moving_var  + (1.0 - momentum) * var
    with var the biased variance. Do not modify X. Y must be differentiable
    with respect to X, gamma and beta.

    Returns (Y, moving_mean, moving_var).
    """
    raise NotImplementedError("write your batch norm here")
