# expect: autograd-in-backward@backward
# backward re-runs the forward under torch.enable_grad() and asks torch.autograd.grad for the gradients
import torch


def batch_norm(x, weight, bias, eps):
    dims = [0] + list(range(2, x.dim()))
    shape = [1, -1] + [1] * (x.dim() - 2)
    mean = x.mean(dim=dims, keepdim=True)
    var = x.var(dim=dims, unbiased=False, keepdim=True)
    x_hat = (x - mean) / torch.sqrt(var + eps)
    return x_hat * weight.view(shape) + bias.view(shape)


class BatchNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        ctx.save_for_backward(x, weight, bias)
        ctx.eps = eps
        return batch_norm(x, weight, bias, eps)

    @staticmethod
    def backward(ctx, grad_output):
        x, weight, bias = ctx.saved_tensors
        with torch.enable_grad():
            x = x.detach().requires_grad_()
            weight = weight.detach().requires_grad_()
            bias = bias.detach().requires_grad_()
            y = batch_norm(x, weight, bias, ctx.eps)
            dx, dweight, dbias = torch.autograd.grad(y, (x, weight, bias), grad_output)
        return dx, dweight, dbias, None
