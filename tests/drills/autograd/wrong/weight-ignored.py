# expect: weight-ignored@train
# the forward returns x_hat + bias, weight never applied
import torch


class BatchNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        dims = [0] + list(range(2, x.dim()))
        shape = [1, -1] + [1] * (x.dim() - 2)
        mean = x.mean(dim=dims, keepdim=True)
        var = x.var(dim=dims, unbiased=False, keepdim=True)
        std = torch.sqrt(var + eps)
        x_hat = (x - mean) / std
        ctx.save_for_backward(x_hat, std, weight)
        return x_hat + bias.view(shape)

    @staticmethod
    def backward(ctx, grad_output):
        x_hat, std, weight = ctx.saved_tensors
        dims = [0] + list(range(2, grad_output.dim()))
        shape = [1, -1] + [1] * (grad_output.dim() - 2)
        dbias = grad_output.sum(dim=dims)
        dweight = (grad_output * x_hat).sum(dim=dims)
        g = grad_output * weight.view(shape)
        dx = (g - g.mean(dim=dims, keepdim=True)
              - x_hat * (g * x_hat).mean(dim=dims, keepdim=True)) / std
        return dx, dweight, dbias, None
