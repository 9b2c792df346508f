# expect: pass
# A small RMSNorm class (weight as a parameter) that the function builds and calls, HF-style.
import torch
from torch import nn


class RMSNorm(nn.Module):
    def __init__(self, normalized_shape, eps=None, elementwise_affine=True):
        super().__init__()
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(self.normalized_shape)) if elementwise_affine else None

    def forward(self, hidden_states):
        input_dtype = hidden_states.dtype
        eps = self.eps if self.eps is not None else torch.finfo(input_dtype).eps
        dims = tuple(range(-len(self.normalized_shape), 0))
        hidden_states = hidden_states.to(torch.float32)
        variance = hidden_states.pow(2).mean(dims, keepdim=True)
        hidden_states = hidden_states * torch.rsqrt(variance + eps)
        hidden_states = hidden_states.to(input_dtype)
        if self.weight is None:
            return hidden_states
        return self.weight * hidden_states


def rms_norm(x, normalized_shape, weight=None, eps=None):
    layer = RMSNorm(normalized_shape, eps=eps, elementwise_affine=False)
    y = layer(x)
    if weight is not None:
        y = y * weight
    return y
