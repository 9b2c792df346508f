# expect: input-modified@input
# backward centers the saved x in place with x.data.sub_(mean), which changes the caller's tensor
import torch


class BatchNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        dims = [0] + list(range(2, x.dim()))
        shape = [1, -1] + [1] * (x.dim() - 2)
        mean = x.mean(dim=dims, keepdim=True)
        var = x.var(dim=dims, unbiased=False, keepdim=True)
        x_hat = (x - mean) / torch.sqrt(var + eps)
        ctx.save_for_backward(x, weight)
        ctx.eps = eps
        return x_hat * weight.view(shape) + bias.view(shape)

    @staticmethod
    def backward(ctx, grad_output):
        x, weight = ctx.saved_tensors
        dims = [0] + list(range(2, x.dim()))
        shape = [1, -1] + [1] * (x.dim() - 2)
        xmu = x.data.sub_(x.mean(dim=dims, keepdim=True))
        inv_std = torch.rsqrt((xmu ** 2).mean(dim=dims, keepdim=True) + ctx.eps)
        x_hat = xmu * inv_std
        dbias = grad_output.sum(dim=dims)
        dweight = (grad_output * x_hat).sum(dim=dims)
        g = grad_output * weight.view(shape)
        dx = inv_std * (g - g.mean(dim=dims, keepdim=True)
                        - x_hat * (g * x_hat).mean(dim=dims, keepdim=True))
        return dx, dweight, dbias, None
