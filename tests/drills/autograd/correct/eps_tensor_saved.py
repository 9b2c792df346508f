# expect: pass
# saves x, the mean and the variance plus eps as a tensor; staged dvar/dmean in the backward
import torch


class BatchNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        if x.dim() == 4:
            dims, view = (0, 2, 3), (1, -1, 1, 1)
        else:
            dims, view = (0,), (1, -1)
        mean = x.mean(dims, keepdim=True)
        var = x.var(dims, correction=0, keepdim=True)
        eps_t = torch.tensor(eps, dtype=x.dtype, device=x.device)
        y = (x - mean) * torch.rsqrt(var + eps_t) * weight.view(view) + bias.view(view)
        ctx.save_for_backward(x, mean, var, weight, eps_t)
        ctx.dims, ctx.view = dims, view
        return y

    @staticmethod
    def backward(ctx, grad_output):
        x, mean, var, weight, eps_t = ctx.saved_tensors
        dims, view = ctx.dims, ctx.view
        m = x.numel() / x.shape[1]
        xmu = x - mean
        inv_std = torch.rsqrt(var + eps_t)
        x_hat = xmu * inv_std

        dx_hat = grad_output * weight.view(view)
        dvar = (dx_hat * xmu).sum(dims, keepdim=True) * -0.5 * inv_std ** 3
        dmean = -(dx_hat * inv_std).sum(dims, keepdim=True) + dvar * (-2.0 * xmu).mean(dims, keepdim=True)
        dx = dx_hat * inv_std + dvar * 2.0 * xmu / m + dmean / m
        dweight = (grad_output * x_hat).sum(dims)
        dbias = grad_output.sum(dims)
        return dx, dweight, dbias, None
