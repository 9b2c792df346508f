# expect: fold-bias-unscaled, fold-variance-for-std
# The scale divides by running_var + eps (no square root), and the layer's bias is added unscaled.
import torch


def fold_bn(weight, bias, bn_weight, bn_bias, running_mean, running_var, eps):
    scale = bn_weight / (running_var + eps)
    if bias is None:
        bias = torch.zeros_like(bn_weight)
    new_weight = weight * scale.reshape(-1, *([1] * (weight.dim() - 1)))
    new_bias = bias - running_mean * scale + bn_bias
    return new_weight, new_bias
