# expect: fold-beta-dropped
# Forgets BN's own shift.
import torch


def fold_bn(weight, bias, bn_weight, bn_bias, running_mean, running_var, eps):
    scale = bn_weight / torch.sqrt(running_var + eps)
    b = torch.zeros_like(bn_bias) if bias is None else bias
    return weight * scale.reshape(-1, *([1] * (weight.dim() - 1))), (b - running_mean) * scale
