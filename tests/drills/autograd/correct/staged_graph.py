# expect: pass
# the CS231n staged backward: dx through x_hat, then the variance, then the mean
import torch


class BatchNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        dims = [0] + list(range(2, x.dim()))
        shape = [1, -1] + [1] * (x.dim() - 2)
        n = x.numel() // x.shape[1]
        mu = x.sum(dim=dims, keepdim=True) / n
        xmu = x - mu
        var = (xmu * xmu).sum(dim=dims, keepdim=True) / n
        sqrtvar = torch.sqrt(var + eps)
        ivar = 1.0 / sqrtvar
        xhat = xmu * ivar
        ctx.save_for_backward(xhat, xmu, ivar, sqrtvar, weight)
        return weight.view(shape) * xhat + bias.view(shape)

    @staticmethod
    def backward(ctx, grad_output):
        xhat, xmu, ivar, sqrtvar, weight = ctx.saved_tensors
        dims = [0] + list(range(2, grad_output.dim()))
        shape = [1, -1] + [1] * (grad_output.dim() - 2)
        n = grad_output.numel() // grad_output.shape[1]

        dbias = grad_output.sum(dim=dims)
        dweight = (grad_output * xhat).sum(dim=dims)

        dxhat = grad_output * weight.view(shape)
        divar = (dxhat * xmu).sum(dim=dims, keepdim=True)
        dxmu1 = dxhat * ivar
        dsqrtvar = -1.0 / (sqrtvar ** 2) * divar
        dvar = 0.5 * ivar * dsqrtvar
        dsq = torch.ones_like(grad_output) / n * dvar
        dxmu2 = 2 * xmu * dsq
        dx1 = dxmu1 + dxmu2
        dmu = -dx1.sum(dim=dims, keepdim=True)
        dx2 = torch.ones_like(grad_output) / n * dmu
        dx = dx1 + dx2
        return dx, dweight, dbias, None
