# expect: axes-all@train
# one mean and one variance for the whole tensor, reduced over every dimension
import torch


class BatchNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        shape = [1, -1] + [1] * (x.dim() - 2)
        mean = x.mean()
        var = x.var(unbiased=False)
        inv_std = 1.0 / torch.sqrt(var + eps)
        x_hat = (x - mean) * inv_std
        ctx.save_for_backward(x_hat, inv_std, weight)
        return x_hat * weight.view(shape) + bias.view(shape)

    @staticmethod
    def backward(ctx, grad_output):
        x_hat, inv_std, weight = ctx.saved_tensors
        dims = [0] + list(range(2, grad_output.dim()))
        shape = [1, -1] + [1] * (grad_output.dim() - 2)
        dbias = grad_output.sum(dim=dims)
        dweight = (grad_output * x_hat).sum(dim=dims)
        g = grad_output * weight.view(shape)
        dx = inv_std * (g - g.mean() - x_hat * (g * x_hat).mean())
        return dx, dweight, dbias, None
