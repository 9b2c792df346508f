# expect: exception@forward
# the mean of squares taken without keepdim, so it cannot broadcast against x
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    ms = x.pow(2).mean(-1)
    y = x / torch.sqrt(ms + eps)
    return y * weight if weight is not None else y
