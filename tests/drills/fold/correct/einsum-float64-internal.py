# expect: pass
# Computes in float64 and casts back to the weight's dtype; the weight is scaled with einsum.
import torch


def fold_bn(weight, bias, bn_weight, bn_bias, running_mean, running_var, eps):
    dtype = weight.dtype
    w = weight.double()
    s = bn_weight.double() / (running_var.double() + eps).sqrt()
    folded = torch.einsum("o...,o->o...", w, s)
    b = torch.zeros_like(s) if bias is None else bias.double()
    new_bias = bn_bias.double() + (b - running_mean.double()) * s
    return folded.to(dtype), new_bias.to(dtype)
