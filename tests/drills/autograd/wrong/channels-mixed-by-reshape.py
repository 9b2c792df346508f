# expect: channels-mixed-by-reshape@train
# 4-D input is flattened with x.reshape(-1, C) without moving the channels last first
import torch


class BatchNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        C = x.shape[1]
        x2 = x.reshape(-1, C)
        mean = x2.mean(0)
        var = x2.var(0, unbiased=False)
        std = torch.sqrt(var + eps)
        x_hat = (x2 - mean) / std
        ctx.save_for_backward(x_hat, std, weight)
        return (x_hat * weight + bias).reshape(x.shape)

    @staticmethod
    def backward(ctx, grad_output):
        x_hat, std, weight = ctx.saved_tensors
        dy = grad_output.reshape(x_hat.shape)
        m = dy.shape[0]
        dbias = dy.sum(0)
        dweight = (dy * x_hat).sum(0)
        dx_hat = dy * weight
        dx = (m * dx_hat - dx_hat.sum(0) - x_hat * (dx_hat * x_hat).sum(0)) / (m * std)
        return dx.reshape(grad_output.shape), dweight, dbias, None
