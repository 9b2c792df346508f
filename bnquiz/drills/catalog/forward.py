"""The forward's mistakes, in training or in eval mode: statistics, axes, eps, the affine step."""

from __future__ import annotations

from bnquiz.drills.catalog.entry import Text
from bnquiz.language import N_

FORWARD: dict[str, Text] = {
    "unbiased-variance": Text(
        N_("you normalized with the unbiased variance{where}"),
        N_(
            "Training-mode BN divides by √(σ²_B + ε) with the BIASED batch variance (divide by n). "
            "Dividing by n − 1 (torch.var's default, np.var(ddof=1), x.std()) shrinks every output "
            "by √((n−1)/n): invisible for big batches, clear for small ones."
        ),
        N_("Use x.var(dims, unbiased=False) (or correction=0), or ((x − mean)**2).mean(dims)."),
    ),
    "eps-outside-sqrt": Text(
        N_("you added eps outside the square root{where}"),
        N_(
            "BN divides by √(σ² + ε). (x − μ)/(√σ² + ε) looks the same when σ² ≫ ε but differs "
            "when the variance is small or eps is large, as for a nearly constant channel."
        ),
        N_("Write (x − mean) / sqrt(var + eps)."),
    ),
    "eps-missing": Text(
        N_("you left eps out{where}"),
        N_(
            "Without ε a constant channel (zero variance, e.g. a dead ReLU map) divides 0 by 0, and "
            "every case with a large eps comes out different."
        ),
        N_("Divide by sqrt(var + eps), with the eps you are given."),
    ),
    "eps-ignored": Text(
        N_("you ignored the eps argument{where}"),
        N_(
            "Your code uses a fixed ε instead of the eps it is given: the cases with eps = 0.5 come "
            "out as if eps were a small constant."
        ),
        N_("Use the eps argument wherever ε appears (forward, eval and backward)."),
    ),
    "eps-doubled": Text(
        N_("you added eps twice{where}"),
        N_("ε belongs once, inside the square root: √(σ² + ε) + ε adds it a second time outside."),
        N_("Write sqrt(var + eps) and nothing more."),
    ),
    "sqrt-missing": Text(
        N_("you divided by the variance instead of the standard deviation{where}"),
        N_("x̂ = (x − μ)/√(σ² + ε): without the square root the output's spread is 1/σ, not 1."),
        N_("Take the square root of var + eps before dividing."),
    ),
    "mean-not-subtracted": Text(
        N_("you did not subtract the mean{where}"),
        N_("x̂ = (x − μ)/√(σ² + ε): dividing x itself by the standard deviation leaves the mean in."),
        N_("Subtract the mean before dividing."),
    ),
    "train-centers-with-running-mean": Text(
        N_("you centered the batch with the running mean in training mode"),
        N_("Training mode normalizes with the batch's own mean; the running mean is only for eval."),
        N_("In training, subtract x.mean(dims) of the batch, not running_mean."),
    ),
    "train-uses-running-stats": Text(
        N_("you normalized with the running statistics in training mode"),
        N_(
            "Training mode must normalize with the batch's own mean and variance (and then update "
            "the running statistics); your code behaves as if training were always False."
        ),
        N_("Branch on the training flag: batch statistics when training, running ones otherwise."),
    ),
    "axes-batch-only": Text(
        N_("you reduced over the batch dimension only{where}"),
        N_(
            "For conv input BN computes one mean and variance per CHANNEL, over N and every spatial "
            "position. Reducing over N alone gives a statistic per (channel, position)."
        ),
        N_("Reduce over every dimension except 1: dims (0, 2, 3) for (N, C, H, W)."),
    ),
    "axes-per-sample": Text(
        N_("you normalized each sample instead of each channel{where}"),
        N_(
            "Statistics per sample, over the channels (and positions), is LayerNorm. BatchNorm "
            "normalizes each channel across the batch."
        ),
        N_("Reduce over dim 0 (and the spatial dims), keeping dim 1: mean(dims, keepdim=True)."),
    ),
    "axes-all": Text(
        N_("you computed one mean and variance over the whole tensor{where}"),
        N_("BN keeps one mean and one variance per channel; a single global statistic mixes the channels."),
        N_("Reduce over every dimension except the channel dimension 1."),
    ),
    "axes-other": Text(
        N_("you reduced over the wrong dimensions{where}: {detail}"),
        N_(
            "BN takes one mean and one variance per channel, over the batch and every spatial "
            "position; any other set of dimensions gives statistics of another shape or meaning."
        ),
        N_("Reduce over every dimension except 1: dims = [0] + list(range(2, x.dim()))."),
    ),
    "channels-mixed-by-reshape": Text(
        N_("you reshaped (N, C, H, W) to (-1, C) without moving C last{where}"),
        N_(
            "x.reshape(-1, C) on NCHW data puts values of different channels in one column, so each "
            "'channel' statistic mixes channels."
        ),
        N_(
            "Permute first: x.permute(0, 2, 3, 1).reshape(-1, C), and permute back afterwards; or "
            "reduce with mean(dim=(0, 2, 3), keepdim=True)."
        ),
    ),
    "stats-not-reshaped": Text(
        N_("your per-channel statistics broadcast against the last axis{where}"),
        N_(
            "x.mean((0, 2, 3)) has shape (C,), which lines up with the LAST axis (W) of an (N, C, H, W) "
            "tensor, not with C. It raises a size error unless W == C, and then it is silently wrong."
        ),
        N_("Keep the dimensions (keepdim=True) or reshape the statistics and γ, β to (1, C, 1, 1)."),
    ),
    "gamma-beta-swapped": Text(
        N_("you swapped the scale and the shift{where}"),
        N_("y = γ·x̂ + β: the weight γ multiplies, the bias β is added."),
        N_("Multiply by weight, then add bias."),
    ),
    "beta-scaled-by-gamma": Text(
        N_("you scaled the shift by gamma too{where}"),
        N_("y = γ·x̂ + β; writing γ·(x̂ + β) multiplies the shift by the scale as well."),
        N_("Add bias after multiplying by weight: y = x_hat * weight + bias."),
    ),
    "gamma-added": Text(
        N_("you added gamma instead of multiplying by it{where}"),
        N_("γ is a scale: y = γ·x̂ + β. Adding it shifts the output instead of scaling it."),
        N_("Multiply x̂ by weight."),
    ),
    "weight-ignored": Text(
        N_("you ignored the weight (gamma){where}"),
        N_("The learnable scale γ multiplies x̂; leaving it out fixes every channel's scale at 1."),
        N_("Multiply x̂ by weight (when weight is not None)."),
    ),
    "bias-ignored": Text(
        N_("you ignored the bias (beta){where}"),
        N_("The learnable shift β is added to γ·x̂; leaving it out fixes every channel's mean at 0."),
        N_("Add bias (when bias is not None)."),
    ),
    "eval-uses-batch-stats": Text(
        N_("in eval mode you normalized with the batch statistics"),
        N_(
            "Eval mode normalizes with the running (population) statistics, so each prediction "
            "depends on its own input alone, not on the rest of the batch."
        ),
        N_("When not training, use running_mean and running_var."),
    ),
    "eval-ignores-running-stats": Text(
        N_("in eval mode you ignored the running statistics"),
        N_(
            "Eval mode must normalize with running_mean and running_var; your eval output is what "
            "mean 0 and variance 1 would give."
        ),
        N_("When not training, compute (x − running_mean)/sqrt(running_var + eps)."),
    ),
    "eval-updates-running-stats": Text(
        N_("eval mode changed the running statistics"),
        N_("Evaluation must leave the running statistics alone; only a training-mode step updates them."),
        N_("Put the update inside the training branch."),
    ),
    "training-ignored": Text(
        N_("you ignored the training flag: eval mode behaves like training"),
        N_(
            "In eval mode your code normalizes with the batch statistics and updates the running "
            "statistics, exactly as a training step does."
        ),
        N_("Branch on the training flag: batch statistics and the update only when training."),
    ),
    "naive-variance": Text(
        N_("your variance formula is numerically unstable (E[x²] − E[x]²?)"),
        N_(
            "In float32 with a large mean (|mean|/std ≈ 1000) E[x²] − E[x]² cancels catastrophically: "
            "the float64 cases pass, the float32 probe is far off, or NaN."
        ),
        N_("Use a two-pass variance ((x − mean)**2).mean(), torch.var_mean, or Welford."),
    ),
}
