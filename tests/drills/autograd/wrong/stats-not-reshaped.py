# expect: stats-not-reshaped@train
# the (C,) mean, std, weight and bias are never viewed as (1, C, 1, 1), so on 4-D input they broadcast against W; the backward differentiates that forward exactly
import torch


class BatchNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        dims = [0] + list(range(2, x.dim()))
        mean = x.mean(dim=dims)
        std = torch.sqrt(x.var(dim=dims, unbiased=False) + eps)
        x_hat = (x - mean) / std
        ctx.save_for_backward(x, mean, std, x_hat, weight)
        return x_hat * weight + bias

    @staticmethod
    def backward(ctx, grad_output):
        x, mean, std, x_hat, weight = ctx.saved_tensors
        lead = list(range(x.dim() - 1))
        shape = [1, -1] + [1] * (x.dim() - 2)
        m = x.numel() // x.shape[1]
        dbias = grad_output.sum(dim=lead)
        dweight = (grad_output * x_hat).sum(dim=lead)
        g = grad_output * weight
        dmean = -(g / std).sum(dim=lead)
        dvar = -0.5 * (g * x_hat).sum(dim=lead) / std ** 2
        dx = g / std + dmean.view(shape) / m + dvar.view(shape) * 2 * (x - mean.view(shape)) / m
        return dx, dweight, dbias, None
