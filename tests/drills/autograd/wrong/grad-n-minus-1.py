# expect: grad-n-minus-1@backward
# the staged backward spreads dvar with 2 * xmu / (m - 1), as for the unbiased variance
import torch


class BatchNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        dims = (0,) if x.dim() == 2 else (0, 2, 3)
        view = (1, -1) if x.dim() == 2 else (1, -1, 1, 1)
        mu = x.mean(dims, keepdim=True)
        var = ((x - mu) ** 2).mean(dims, keepdim=True)
        x_hat = (x - mu) / torch.sqrt(var + eps)
        ctx.save_for_backward(x, mu, var, weight)
        ctx.eps = eps
        return weight.view(view) * x_hat + bias.view(view)

    @staticmethod
    def backward(ctx, grad_output):
        x, mu, var, weight = ctx.saved_tensors
        dims = (0,) if x.dim() == 2 else (0, 2, 3)
        view = (1, -1) if x.dim() == 2 else (1, -1, 1, 1)
        m = x.numel() // x.shape[1]
        std = torch.sqrt(var + ctx.eps)
        xmu = x - mu
        x_hat = xmu / std

        dbias = grad_output.sum(dims)
        dweight = (grad_output * x_hat).sum(dims)
        dx_hat = grad_output * weight.view(view)
        dvar = (dx_hat * xmu).sum(dims, keepdim=True) * -0.5 * std ** -3
        dmu = -(dx_hat / std).sum(dims, keepdim=True) + dvar * (-2.0 * xmu).mean(dims, keepdim=True)
        dx = dx_hat / std + dvar * 2.0 * xmu / (m - 1) + dmu / m
        return dx, dweight, dbias, None
