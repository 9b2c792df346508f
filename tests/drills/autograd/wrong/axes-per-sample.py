# expect: axes-per-sample@train
# the statistics are taken over every dimension but 0, per sample (layer norm), not per channel
import torch


class BatchNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        dims = list(range(1, x.dim()))
        shape = [1, -1] + [1] * (x.dim() - 2)
        mean = x.mean(dim=dims, keepdim=True)
        var = x.var(dim=dims, unbiased=False, keepdim=True)
        inv_std = torch.rsqrt(var + eps)
        x_hat = (x - mean) * inv_std
        ctx.save_for_backward(x_hat, inv_std, weight)
        return x_hat * weight.view(shape) + bias.view(shape)

    @staticmethod
    def backward(ctx, grad_output):
        x_hat, inv_std, weight = ctx.saved_tensors
        dims = list(range(1, grad_output.dim()))
        sum_dims = [0] + list(range(2, grad_output.dim()))
        shape = [1, -1] + [1] * (grad_output.dim() - 2)
        dbias = grad_output.sum(dim=sum_dims)
        dweight = (grad_output * x_hat).sum(dim=sum_dims)
        g = grad_output * weight.view(shape)
        dx = inv_std * (g - g.mean(dim=dims, keepdim=True)
                        - x_hat * (g * x_hat).mean(dim=dims, keepdim=True))
        return dx, dweight, dbias, None
