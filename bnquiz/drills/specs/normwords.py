"""The per-sample norm drills' words for their mistakes: each title, why it is wrong, and its fix.

`TEXTS` serves layernorm and groupnorm; `RMS_TEXTS` adds and replaces what RMSNorm says
differently (no mean, no bias, eps=None). Mistakes whose catalogue words fit any norm (the
square root missing, the scale and shift swapped) keep the catalogue's.
"""

from __future__ import annotations

from bnquiz.drills.catalog.entry import Text
from bnquiz.language import N_

TEXTS = {
    "batch-statistics": Text(
        N_("you normalized over {detail}, mixing the samples of the batch{where}"),
        N_(
            "That is BatchNorm's reduction. LayerNorm, GroupNorm and RMSNorm take their statistics "
            "inside each sample, so a sample's output never depends on the rest of the batch, and "
            "a batch of one is normalized like any other."
        ),
        N_(
            "Reduce within each sample only: the last len(normalized_shape) dimensions for "
            "LayerNorm and RMSNorm, the channels of a group and every position for GroupNorm."
        ),
    ),
    "last-dim-only": Text(
        N_("you normalized over the last dimension only, not over all of normalized_shape{where}"),
        N_(
            "normalized_shape names the trailing dimensions to normalize over together: "
            "F.layer_norm(x, (H, W)) takes one mean and one variance over every H·W block, not one "
            "per row."
        ),
        N_("dims = tuple(range(-len(normalized_shape), 0)); x.mean(dims, keepdim=True)."),
    ),
    "wrong-trailing-dims": Text(
        N_("you normalized over {detail}, not over the last len(normalized_shape) dimensions{where}"),
        N_(
            "The statistics are taken over exactly the trailing dimensions normalized_shape names: "
            "(D,) on a (B, T, D) input is one statistic per token, (T, D) one per sequence."
        ),
        N_("dims = tuple(range(-len(normalized_shape), 0)); x.mean(dims, keepdim=True)."),
    ),
    "groups-interleaved": Text(
        N_("you grouped channels by an interleaving reshape{where}"),
        N_(
            "x.view(N, C // G, G, ...) reduced over everything but the G axis puts channels c, "
            "c + G, c + 2G, … in one group. GroupNorm's groups are runs of C/G consecutive "
            "channels: x.view(N, G, C // G, ...)."
        ),
        N_("x.view(N, G, -1) (or (N, G, C // G, *spatial)) and reduce over dim 2 onwards."),
    ),
    "num-groups-as-group-size": Text(
        N_("you used num_groups as the number of channels per group{where}"),
        N_(
            "GroupNorm splits the C channels into num_groups groups of C/G channels each; "
            "x.view(N, -1, G, ...) makes groups of G channels instead, C/G of them."
        ),
        N_("x.view(N, num_groups, -1): the group axis comes first and has num_groups entries."),
    ),
    "num-groups-ignored": Text(
        N_("you ignored num_groups ({detail}){where}"),
        N_(
            "num_groups decides the reduction: G = 1 is LayerNorm over (C, H, W), G = C is "
            "InstanceNorm, and anything between pools C/G channels with every position."
        ),
        N_("Reshape to (N, num_groups, -1) with the num_groups you are given."),
    ),
    "affine-per-group": Text(
        N_("you applied weight and bias per group instead of per channel{where}"),
        N_(
            "GroupNorm normalizes per group but scales and shifts per channel: weight and bias are "
            "(C,), and channel c gets weight[c], not the entry of its group."
        ),
        N_("Reshape x̂ back to (N, C, *spatial) first, then x_hat * weight.view(1, C, 1, ...) + bias."),
    ),
    "unbiased-variance": Text(
        N_("you normalized with the unbiased variance{where}"),
        N_(
            "LayerNorm, GroupNorm and RMSNorm divide by the BIASED variance (divide by n, the "
            "values per statistic). Dividing by n − 1 (torch.var's default, x.std()) shrinks every "
            "output by √((n−1)/n): clear for a small normalized_shape."
        ),
        N_("Use x.var(dims, unbiased=False) (or correction=0), or ((x − mean)**2).mean(dims)."),
    ),
    "variance-not-centred": Text(
        N_("you took the variance around 0 instead of around the mean{where}"),
        N_(
            "σ² is the mean of (x − μ)²; the mean of x² is RMSNorm's statistic, not LayerNorm's "
            "or GroupNorm's, and is larger by μ²."
        ),
        N_("var = ((x - mean) ** 2).mean(dims, keepdim=True)."),
    ),
    "eps-outside-sqrt": Text(
        N_("you added eps outside the square root{where}"),
        N_(
            "PyTorch's norms divide by √(σ² + ε). (x − μ)/(√σ² + ε) looks the same when σ² ≫ ε but "
            "differs when the variance is small or eps is large."
        ),
        N_("Write (x − mean) / sqrt(var + eps)."),
    ),
    "eps-missing": Text(
        N_("you left eps out{where}"),
        N_(
            "Without ε a sample (or group) with no spread divides 0 by 0, and every case with a "
            "large eps comes out different."
        ),
        N_("Divide by sqrt(var + eps), with the eps you are given."),
    ),
    "eps-clamped": Text(
        N_("you clamped the variance at eps instead of adding eps{where}"),
        N_(
            "PyTorch's norms divide by √(σ² + ε). √(max(σ², ε)) agrees only where σ² ≪ ε or "
            "σ² ≫ ε, and no gradient reaches a variance the clamp holds at ε."
        ),
        N_("Write sqrt(var + eps)."),
    ),
    "stats-detached": Text(
        N_("your gradient treats each sample's mean and variance as constants{where}"),
        N_(
            "The statistics depend on every value they are taken over, so ∂ℓ/∂x has a mean term and "
            "a variance term; detaching them (or computing them under no_grad) drops both."
        ),
        N_("Do not .detach() the mean and variance used to normalize."),
    ),
    "grad-missing-mean-term": Text(
        N_("your gradient misses the path through the mean{where}"),
        N_("The mean depends on every value of its group, so dx subtracts the group's mean of dy·γ/σ̂."),
        N_("Do not .detach() the mean (or compute it under no_grad)."),
    ),
    "grad-missing-variance-term": Text(
        N_("your gradient misses the path through the variance{where}"),
        N_("The variance depends on every value of its group, so dx removes the component of dy·γ along x̂."),
        N_("Do not .detach() the variance or the standard deviation."),
    ),
    "float64-in-float32": Text(
        N_("your code computes float64 input in float32{where}"),
        N_(
            "F.layer_norm and F.group_norm compute float64 input in float64. In float32, x far from "
            "its mean (|mean|/std = 10⁴ here) keeps only about 3 significant digits of its spread "
            "once the mean is subtracted; the other cases are within float32's error, so only this "
            "one shows it."
        ),
        N_(
            "Compute in x's own dtype, or upcast half precision only: "
            "x.to(torch.promote_types(x.dtype, torch.float32))."
        ),
    ),
    "option-unsupported": Text(
        N_("your function does not support {detail}{where}"),
        N_(
            "PyTorch's function accepts it, so code written for it passes it: weight and bias may "
            "each be None, and then the scale is 1 and the shift 0."
        ),
        N_("Multiply by weight only when it is not None, and add bias only when it is not None."),
    ),
}

RMS_TEXTS = {
    **TEXTS,
    "batch-statistics": Text(
        N_("you normalized over {detail}, mixing the samples of the batch{where}"),
        N_(
            "RMSNorm takes its root mean square inside each sample, over the last "
            "len(normalized_shape) dimensions, so a token's output never depends on the rest of "
            "the batch."
        ),
        N_("x.pow(2).mean(dims, keepdim=True) with dims = tuple(range(-len(normalized_shape), 0))."),
    ),
    "rms-mean-subtracted": Text(
        N_("you subtracted the mean: that is LayerNorm, not RMSNorm{where}"),
        N_(
            "RMSNorm drops LayerNorm's re-centring: y = x/√(mean(x²) + ε)·γ. Subtracting the mean "
            "(and taking the variance around it) gives LayerNorm without a bias."
        ),
        N_("y = x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + eps) * weight."),
    ),
    "rms-divides-by-std": Text(
        N_("you divided by the standard deviation instead of the root mean square{where}"),
        N_(
            "RMSNorm divides x by √(mean(x²) + ε), taken around 0; x.std() is taken around the mean "
            "and is smaller whenever the mean is not 0."
        ),
        N_("rms = torch.sqrt(x.pow(2).mean(dims, keepdim=True) + eps)."),
    ),
    "rms-l2-norm": Text(
        N_("you divided by the L2 norm instead of the root mean square{where}"),
        N_(
            "RMSNorm uses the MEAN of x² over the normalized dimensions; the sum (the squared L2 "
            "norm, as in F.normalize) makes the output √n times too small."
        ),
        N_("Use x.pow(2).mean(dims), not .sum(dims) or x.norm()."),
    ),
    "unbiased-variance": Text(
        N_("you divided the sum of squares by n − 1{where}"),
        N_("RMSNorm's statistic is the plain mean of x² over the n values: divide by n."),
        N_("x.pow(2).mean(dims, keepdim=True)."),
    ),
    "eps-divided-by-n": Text(
        N_("you added eps to the sum of squares, so it is divided by n{where}"),
        N_(
            "F.rms_norm adds ε to the MEAN of x²: √(mean(x²) + ε). √((Σx² + ε)/n), as a "
            "vector_norm-based RMS writes it, adds only ε/n."
        ),
        N_("rms = torch.sqrt(x.pow(2).mean(dims, keepdim=True) + eps)."),
    ),
    "weight-plus-one": Text(
        N_("you scaled by 1 + weight (Gemma's convention), not by weight{where}"),
        N_(
            "Gemma's RMSNorm stores its scale as an offset from 1 and multiplies by (1 + weight); "
            "F.rms_norm and LLaMA multiply by weight itself, whose default is 1."
        ),
        N_("y = x_hat * weight."),
    ),
    "eps-none-fixed": Text(
        N_("you read eps=None as a fixed number{where}"),
        N_(
            "F.rms_norm's eps defaults to None, which means torch.finfo(x.dtype).eps: about 1.2e-7 "
            "for float32 and 2.2e-16 for float64, not 1e-5 or 1e-6."
        ),
        N_("if eps is None: eps = torch.finfo(x.dtype).eps"),
    ),
    "option-unsupported": Text(
        N_("your rms_norm does not support {detail}{where}"),
        N_(
            "F.rms_norm accepts weight=None (no scale) and eps=None, which means "
            "torch.finfo(x.dtype).eps, so code written for it passes them."
        ),
        N_("if eps is None: eps = torch.finfo(x.dtype).eps; multiply by weight only when it is not None."),
    ),
    "eps-missing": Text(
        N_("you left eps out{where}"),
        N_("Without ε a token of zeros divides 0 by 0, and every case with a large eps comes out different."),
        N_("x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + eps)"),
    ),
    "grad-missing-variance-term": Text(
        N_("your gradient misses the path through the root mean square{where}"),
        N_(
            "The RMS depends on every value it is taken over, so dx removes the component of dy·γ "
            "along x̂; detaching it (or computing it under no_grad) drops that term."
        ),
        N_("Do not .detach() the RMS or compute it under no_grad."),
    ),
}
