# expect: input-modified@input
# forward centers x in place (x -= mean) to save memory, which changes the caller's tensor
import torch


class BatchNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        dims = [0] + list(range(2, x.dim()))
        shape = [1, -1] + [1] * (x.dim() - 2)
        x -= x.mean(dim=dims, keepdim=True)
        inv_std = torch.rsqrt((x ** 2).mean(dim=dims, keepdim=True) + eps)
        x_hat = x * inv_std
        ctx.save_for_backward(x_hat, inv_std, weight)
        return x_hat * weight.view(shape) + bias.view(shape)

    @staticmethod
    def backward(ctx, grad_output):
        x_hat, inv_std, weight = ctx.saved_tensors
        dims = [0] + list(range(2, grad_output.dim()))
        shape = [1, -1] + [1] * (grad_output.dim() - 2)
        g = grad_output * weight.view(shape)
        dx = inv_std * (g - g.mean(dim=dims, keepdim=True)
                        - x_hat * (g * x_hat).mean(dim=dims, keepdim=True))
        return dx, (grad_output * x_hat).sum(dim=dims), grad_output.sum(dim=dims), None
