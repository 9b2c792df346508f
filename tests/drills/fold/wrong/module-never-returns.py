# expect-broken: timeout
# fuse_conv_bn spins forever before it builds anything.
import copy

import torch


def _fold(layer, bn):
    scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
    bias = layer.bias if layer.bias is not None else torch.zeros_like(bn.running_mean)
    weight = layer.weight * scale.reshape(-1, *([1] * (layer.weight.dim() - 1)))
    return weight, (bias - bn.running_mean) * scale + bn.bias


@torch.no_grad()
def fuse_conv_bn(conv, bn):
    fused = copy.deepcopy(conv)
    while True:
        pass
    weight, bias = _fold(conv, bn)
    fused.weight.copy_(weight)
    fused.bias = torch.nn.Parameter(bias)
    return fused


@torch.no_grad()
def fuse_linear_bn(linear, bn):
    fused = torch.nn.Linear(linear.in_features, linear.out_features).to(linear.weight)
    fused.weight.copy_(_fold(linear, bn)[0])
    fused.bias.copy_(_fold(linear, bn)[1])
    return fused
