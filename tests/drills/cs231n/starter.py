# expect-broken: exception
# the unfilled assignment starter: signatures and docstrings, bodies not written yet
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    """Forward pass for batch normalization.

    During training the sample mean and (uncorrected, biased) sample variance
    are computed from minibatch statistics and used to normalize the incoming
    data: x_hat = (x - mean) / sqrt(var + eps), out = gamma * x_hat + beta.
    We also keep an exponentially decaying running mean of the mean and
    variance of each feature, and these averages are used to normalize data
    at test time. The running averages are updated with

        running_mean = momentum * running_mean + (1 - momentum) * sample_mean
        running_var = momentum * running_var + (1 - momentum) * sample_var

    and written back into bn_param.

    Input:
    - x: Data of shape (N, D); it must not be modified
    - gamma: Scale parameter of shape (D,)
    - beta: Shift parameter of shape (D,)
    - bn_param: Dictionary with the following keys:
      - mode: 'train' or 'test'; required (anything else raises ValueError)
      - eps: Constant for numeric stability (default 1e-5)
      - momentum: Constant for running mean / variance (default 0.9)
      - running_mean: Array of shape (D,) giving running mean of features
      - running_var: Array of shape (D,) giving running variance of features

    Returns a tuple of:
    - out: of shape (N, D)
    - cache: A tuple of values needed in the backward pass
    """
    raise NotImplementedError("write the batchnorm forward pass here")


def batchnorm_backward(dout, cache):
    """Backward pass for batch normalization.

    Inputs:
    - dout: Upstream derivatives, of shape (N, D)
    - cache: Variable of intermediates from batchnorm_forward in 'train' mode

    Returns a tuple of:
    - dx: Gradient with respect to inputs x, of shape (N, D)
    - dgamma: Gradient with respect to scale parameter gamma, of shape (D,)
    - dbeta: Gradient with respect to shift parameter beta, of shape (D,)
    """
    raise NotImplementedError("write the batchnorm backward pass here")
