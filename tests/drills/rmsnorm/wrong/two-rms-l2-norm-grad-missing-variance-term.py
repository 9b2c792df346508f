# expect: rms-l2-norm@forward, grad-missing-variance-term@backward
# Divides by the detached L2 norm (torch.linalg.vector_norm with eps inside), no division by n.
import torch


def rms_norm(x, normalized_shape, weight=None, eps=None):
    if eps is None:
        eps = torch.finfo(x.dtype).eps
    dims = tuple(range(-len(normalized_shape), 0))
    with torch.no_grad():
        norm = torch.sqrt(torch.linalg.vector_norm(x, dim=dims, keepdim=True) ** 2 + eps)
    y = x / norm
    if weight is not None:
        y = y * weight
    return y
