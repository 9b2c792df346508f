# expect: exception@backward
# the forward is finished, but backward still raises the starter's NotImplementedError
import torch


class BatchNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        dims = [0] + list(range(2, x.dim()))
        shape = [1, -1] + [1] * (x.dim() - 2)
        mean = x.mean(dim=dims, keepdim=True)
        var = x.var(dim=dims, unbiased=False, keepdim=True)
        inv_std = torch.rsqrt(var + eps)
        x_hat = (x - mean) * inv_std
        ctx.save_for_backward(x_hat, inv_std, weight)
        return x_hat * weight.view(shape) + bias.view(shape)

    @staticmethod
    def backward(ctx, grad_output):
        """Return (dx, dweight, dbias, None): the exact gradients, the None for eps.

        Write the gradient yourself: no torch.autograd.grad, no .backward() in here.
        """
        raise NotImplementedError("write your backward here")
