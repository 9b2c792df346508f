# expect-broken: exception
# The starter file as handed out: the signature and the contract, with no implementation yet.
import torch


def fold_bn(weight, bias, bn_weight, bn_bias, running_mean, running_var, eps):
    raise NotImplementedError("write your fold here")
