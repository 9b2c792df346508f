# expect: unbiased-variance@forward
# Gets the variance by squaring x.std(dims), whose default is the unbiased (n - 1) estimator.
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    mean = x.mean(dim=dims, keepdim=True)
    std = x.std(dim=dims, keepdim=True)
    y = (x - mean) / torch.sqrt(std ** 2 + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
