# expect: pass
# Uses x.square().mean over the trailing dims and checks the trailing shape first.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    normalized_shape = tuple(normalized_shape)
    assert tuple(x.shape[-len(normalized_shape):]) == normalized_shape, "shape mismatch"
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    axes = tuple(range(x.ndim - len(normalized_shape), x.ndim))
    mean_sq = x.square().mean(axis=axes, keepdim=True)
    normed = x / (mean_sq + eps).sqrt()
    if weight is None:
        return normed
    return normed * weight
