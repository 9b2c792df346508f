# expect: fold-bias-unscaled
# Adds the layer's bias as it is, outside BN's scale.
import torch


def fold_bn(weight, bias, bn_weight, bn_bias, running_mean, running_var, eps):
    scale = bn_weight / torch.sqrt(running_var + eps)
    new_weight = weight * scale.reshape(-1, *([1] * (weight.dim() - 1)))
    b = torch.zeros_like(bn_bias) if bias is None else bias
    return new_weight, b - running_mean * scale + bn_bias
