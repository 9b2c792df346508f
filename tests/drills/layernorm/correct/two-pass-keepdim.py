# expect: pass
# Explicit two passes: the mean, then the mean of the squared deviations, negative dims.
import torch


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    axes = [-(i + 1) for i in range(len(normalized_shape))]
    mu = x.mean(dim=axes, keepdim=True)
    centred = x - mu
    sigma2 = (centred * centred).mean(dim=axes, keepdim=True)
    x_hat = centred / (sigma2 + eps).sqrt()
    gamma = torch.ones(normalized_shape, dtype=x.dtype, device=x.device) if weight is None else weight
    beta = torch.zeros(normalized_shape, dtype=x.dtype, device=x.device) if bias is None else bias
    return gamma * x_hat + beta
