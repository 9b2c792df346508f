# expect: pass
# moves the channels last and flattens to (M, C), so forward and backward work on 2-D columns
import torch


def to_columns(t):
    if t.dim() == 2:
        return t
    return t.permute(0, 2, 3, 1).reshape(-1, t.shape[1])


def from_columns(t, like):
    if like.dim() == 2:
        return t
    n, c, h, w = like.shape
    return t.reshape(n, h, w, c).permute(0, 3, 1, 2)


class BatchNormFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        cols = to_columns(x)
        mean = cols.mean(0)
        var = cols.var(0, unbiased=False)
        std = (var + eps).sqrt()
        x_hat = (cols - mean) / std
        ctx.save_for_backward(x_hat, std, weight)
        return from_columns(x_hat * weight + bias, x).contiguous()

    @staticmethod
    def backward(ctx, grad_output):
        x_hat, std, weight = ctx.saved_tensors
        dy = to_columns(grad_output)
        m = dy.shape[0]
        dbias = dy.sum(0)
        dweight = (dy * x_hat).sum(0)
        dx = weight / (m * std) * (m * dy - dbias - x_hat * dweight)
        return from_columns(dx, grad_output).contiguous(), dweight, dbias, None
