# expect-broken: output-flood
# Prints the whole input and a long debug line thousands of times on every call.
import torch

torch.set_printoptions(profile="full")


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    for step in range(100000):
        print(f"layer_norm step {step}: x =", x, "#" * 500)
    dims = tuple(range(-len(normalized_shape), 0))
    var, mean = torch.var_mean(x, dim=dims, correction=0, keepdim=True)
    y = (x - mean) / torch.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y
