"""The forward's mistakes, in training or in eval mode: statistics, axes, eps, the affine step."""

from __future__ import annotations

from bnquiz.drills.catalog.entry import Text

FORWARD: dict[str, Text] = {
    "unbiased-variance": Text(
        "you normalized with the unbiased variance{where}",
        "Training-mode BN divides by √(σ²_B + ε) with the BIASED batch variance (divide by n). "
        "Dividing by n − 1 (torch.var's default, np.var(ddof=1), x.std()) shrinks every output "
        "by √((n−1)/n): invisible for big batches, clear for small ones.",
        "Use x.var(dims, unbiased=False) (or correction=0), or ((x − mean)**2).mean(dims).",
    ),
    "eps-outside-sqrt": Text(
        "you added eps outside the square root{where}",
        "BN divides by √(σ² + ε). (x − μ)/(√σ² + ε) looks the same when σ² ≫ ε but differs "
        "when the variance is small or eps is large, as for a nearly constant channel.",
        "Write (x − mean) / sqrt(var + eps).",
    ),
    "eps-missing": Text(
        "you left eps out{where}",
        "Without ε a constant channel (zero variance, e.g. a dead ReLU map) divides 0 by 0, and "
        "every case with a large eps comes out different.",
        "Divide by sqrt(var + eps), with the eps you are given.",
    ),
    "eps-ignored": Text(
        "you ignored the eps argument{where}",
        "Your code uses a fixed ε instead of the eps it is given: the cases with eps = 0.5 come "
        "out as if eps were a small constant.",
        "Use the eps argument wherever ε appears (forward, eval and backward).",
    ),
    "eps-doubled": Text(
        "you added eps twice{where}",
        "ε belongs once, inside the square root: √(σ² + ε) + ε adds it a second time outside.",
        "Write sqrt(var + eps) and nothing more.",
    ),
    "sqrt-missing": Text(
        "you divided by the variance instead of the standard deviation{where}",
        "x̂ = (x − μ)/√(σ² + ε): without the square root the output's spread is 1/σ, not 1.",
        "Take the square root of var + eps before dividing.",
    ),
    "mean-not-subtracted": Text(
        "you did not subtract the mean{where}",
        "x̂ = (x − μ)/√(σ² + ε): dividing x itself by the standard deviation leaves the mean in.",
        "Subtract the mean before dividing.",
    ),
    "train-centers-with-running-mean": Text(
        "you centered the batch with the running mean in training mode",
        "Training mode normalizes with the batch's own mean; the running mean is only for eval.",
        "In training, subtract x.mean(dims) of the batch, not running_mean.",
    ),
    "train-uses-running-stats": Text(
        "you normalized with the running statistics in training mode",
        "Training mode must normalize with the batch's own mean and variance (and then update "
        "the running statistics); your code behaves as if training were always False.",
        "Branch on the training flag: batch statistics when training, running ones otherwise.",
    ),
    "axes-batch-only": Text(
        "you reduced over the batch dimension only{where}",
        "For conv input BN computes one mean and variance per CHANNEL, over N and every spatial "
        "position. Reducing over N alone gives a statistic per (channel, position).",
        "Reduce over every dimension except 1: dims (0, 2, 3) for (N, C, H, W).",
    ),
    "axes-per-sample": Text(
        "you normalized each sample instead of each channel{where}",
        "Statistics per sample, over the channels (and positions), is LayerNorm. BatchNorm "
        "normalizes each channel across the batch.",
        "Reduce over dim 0 (and the spatial dims), keeping dim 1: mean(dims, keepdim=True).",
    ),
    "axes-all": Text(
        "you computed one mean and variance over the whole tensor{where}",
        "BN keeps one mean and one variance per channel; a single global statistic mixes the channels.",
        "Reduce over every dimension except the channel dimension 1.",
    ),
    "axes-other": Text(
        "you reduced over the wrong dimensions{where}: {detail}",
        "BN takes one mean and one variance per channel, over the batch and every spatial "
        "position; any other set of dimensions gives statistics of another shape or meaning.",
        "Reduce over every dimension except 1: dims = [0] + list(range(2, x.dim())).",
    ),
    "channels-mixed-by-reshape": Text(
        "you reshaped (N, C, H, W) to (-1, C) without moving C last{where}",
        "x.reshape(-1, C) on NCHW data puts values of different channels in one column, so each "
        "'channel' statistic mixes channels.",
        "Permute first: x.permute(0, 2, 3, 1).reshape(-1, C), and permute back afterwards; or "
        "reduce with mean(dim=(0, 2, 3), keepdim=True).",
    ),
    "stats-not-reshaped": Text(
        "your per-channel statistics broadcast against the last axis{where}",
        "x.mean((0, 2, 3)) has shape (C,), which lines up with the LAST axis (W) of an (N, C, H, W) "
        "tensor, not with C. It raises a size error unless W == C, and then it is silently wrong.",
        "Keep the dimensions (keepdim=True) or reshape the statistics and γ, β to (1, C, 1, 1).",
    ),
    "gamma-beta-swapped": Text(
        "you swapped the scale and the shift{where}",
        "y = γ·x̂ + β: the weight γ multiplies, the bias β is added.",
        "Multiply by weight, then add bias.",
    ),
    "beta-scaled-by-gamma": Text(
        "you scaled the shift by gamma too{where}",
        "y = γ·x̂ + β; writing γ·(x̂ + β) multiplies the shift by the scale as well.",
        "Add bias after multiplying by weight: y = x_hat * weight + bias.",
    ),
    "gamma-added": Text(
        "you added gamma instead of multiplying by it{where}",
        "γ is a scale: y = γ·x̂ + β. Adding it shifts the output instead of scaling it.",
        "Multiply x̂ by weight.",
    ),
    "weight-ignored": Text(
        "you ignored the weight (gamma){where}",
        "The learnable scale γ multiplies x̂; leaving it out fixes every channel's scale at 1.",
        "Multiply x̂ by weight (when weight is not None).",
    ),
    "bias-ignored": Text(
        "you ignored the bias (beta){where}",
        "The learnable shift β is added to γ·x̂; leaving it out fixes every channel's mean at 0.",
        "Add bias (when bias is not None).",
    ),
    "eval-uses-batch-stats": Text(
        "in eval mode you normalized with the batch statistics",
        "Eval mode normalizes with the running (population) statistics, so each prediction "
        "depends on its own input alone, not on the rest of the batch.",
        "When not training, use running_mean and running_var.",
    ),
    "eval-ignores-running-stats": Text(
        "in eval mode you ignored the running statistics",
        "Eval mode must normalize with running_mean and running_var; your eval output is what "
        "mean 0 and variance 1 would give.",
        "When not training, compute (x − running_mean)/sqrt(running_var + eps).",
    ),
    "eval-updates-running-stats": Text(
        "eval mode changed the running statistics",
        "Evaluation must leave the running statistics alone; only a training-mode step updates them.",
        "Put the update inside the training branch.",
    ),
    "training-ignored": Text(
        "you ignored the training flag: eval mode behaves like training",
        "In eval mode your code normalizes with the batch statistics and updates the running "
        "statistics, exactly as a training step does.",
        "Branch on the training flag: batch statistics and the update only when training.",
    ),
    "naive-variance": Text(
        "your variance formula is numerically unstable (E[x²] − E[x]²?)",
        "In float32 with a large mean (|mean|/std ≈ 1000) E[x²] − E[x]² cancels catastrophically: "
        "the float64 cases pass, the float32 probe is far off, or NaN.",
        "Use a two-pass variance ((x − mean)**2).mean(), torch.var_mean, or Welford.",
    ),
}
