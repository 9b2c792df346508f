# expect: pass
# rsqrt, a broadcast built with view and the bias with torch.addcmul.
import torch


def fold_bn(weight, bias, bn_weight, bn_bias, running_mean, running_var, eps):
    s = bn_weight * torch.rsqrt(running_var + eps)
    shape = (weight.shape[0],) + (1,) * (weight.ndim - 1)
    b = running_mean.new_zeros(running_mean.shape) if bias is None else bias
    return weight * s.view(shape), torch.addcmul(bn_bias, b - running_mean, s)
