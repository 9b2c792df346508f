# expect: fold-bias-dropped
# Ignores the layer's own bias: right only for bias=False.
import torch


def fold_bn(weight, bias, bn_weight, bn_bias, running_mean, running_var, eps):
    scale = bn_weight / torch.sqrt(running_var + eps)
    new_weight = weight * scale.reshape(-1, *([1] * (weight.dim() - 1)))
    return new_weight, bn_bias - running_mean * scale
