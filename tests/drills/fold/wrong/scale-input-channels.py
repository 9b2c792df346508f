# expect: fold-scale-input-channels
# Scales the weight along dim 1 (the input channels), the fold for a BN placed before the layer.
import torch


def fold_bn(weight, bias, bn_weight, bn_bias, running_mean, running_var, eps):
    scale = bn_weight / torch.sqrt(running_var + eps)
    b = torch.zeros_like(bn_bias) if bias is None else bias
    view = (1, -1) + (1,) * (weight.dim() - 2)
    return weight * scale.view(view), (b - running_mean) * scale + bn_bias
