"""The `fold` drill's words for its own mistakes: each title, why it is wrong, and its fix."""

from __future__ import annotations

from bnquiz.drills.catalog.entry import Text
from bnquiz.language import N_

TEXTS = {
    "fold-bias-dropped": Text(
        N_("you dropped the layer's own bias{where}"),
        N_(
            "The layer's bias b is added before BN, so it goes through BN's affine map like the rest "
            "of the channel: the folded bias is (b − μ)·γ/σ + β. Leaving b out is right only for "
            "a layer built with bias=False."
        ),
        N_("Start from the layer's bias (zeros when it is None) and fold it with the mean."),
    ),
    "fold-bias-unscaled": Text(
        N_("you added the layer's bias without scaling it by γ/σ{where}"),
        N_(
            "BN scales everything that reaches it, the layer's bias included: b′ = (b − μ)·γ/σ + β, "
            "not b − μ·γ/σ + β."
        ),
        N_("Subtract the running mean from the bias first, then multiply by γ/σ and add β."),
    ),
    "fold-eps-missing": Text(
        N_("you left eps out{where}"),
        N_(
            "BN divides by √(running_var + ε), so the fold must too: without ε a channel whose "
            "running variance is near ε comes out scaled by up to √(1 + ε/var) too much."
        ),
        N_("Use σ = sqrt(running_var + eps), with the eps you are given."),
    ),
    "fold-variance-for-std": Text(
        N_("you divided by the variance where the standard deviation belongs{where}"),
        N_(
            "BN divides by σ = √(running_var + ε), not by running_var + ε: every channel whose "
            "variance is not 1 comes out scaled wrongly."
        ),
        N_("Take the square root: scale = gamma / sqrt(running_var + eps)."),
    ),
    "fold-scale-input-channels": Text(
        N_("you scaled the weight along its input channels{where}"),
        N_(
            "A BN after the layer rescales the layer's OUTPUT channels, so filter o (row o of a "
            "linear weight) must be multiplied by scale[o], along dim 0. Scaling along dim 1 is the "
            "fold for a BN before the layer; with as many input as output channels it even runs."
        ),
        N_("Reshape the scale to (C_out, 1, 1, 1) for a convolution, (C_out, 1) for a linear layer."),
    ),
    "fold-mean-not-subtracted": Text(
        N_("you did not subtract the running mean{where}"),
        N_("BN subtracts running_mean before scaling: the folded bias is (b − μ)·γ/σ + β, not b·γ/σ + β."),
        N_("Fold the mean into the bias: (bias − running_mean) * scale + bn_bias."),
    ),
    "fold-beta-dropped": Text(
        N_("you left out BN's shift β{where}"),
        N_("BN ends by adding β to each channel, so the folded bias must end with + β."),
        N_("Add bn_bias to the folded bias."),
    ),
    "params-modified": Text(
        N_("you modified the original layer or its BatchNorm in place"),
        N_(
            "The fold must leave the pair it was given as it was: the caller may still train "
            "it, compare against it, or fold it again; a fold that rescales conv.weight in "
            "place changes the original model."
        ),
        N_("Build new tensors (or a deep copy of the layer) and write the folded values there."),
    ),
    "fold-no-bias-parameter": Text(
        N_("your fused layer has no bias{where}"),
        N_(
            "A layer built with bias=False still needs one after the fold: BN's shift "
            "β − running_mean·γ/σ has to go somewhere. A fused layer copied from the original "
            "keeps bias=None and silently drops it."
        ),
        N_(
            "Give the fused layer a bias: fused.bias = nn.Parameter(folded_bias), or build it with bias=True."
        ),
    ),
    **{
        f"fold-{key}-lost": Text(
            title,
            N_(
                "A fused convolution must compute what the original did: rebuilt as "
                "nn.Conv2d(in, out, k) with only some of the original's settings, it slides, "
                "pads, spaces or groups its filters differently and its output is wrong (or "
                "it cannot run at all)."
            ),
            N_(
                "Copy the layer (copy.deepcopy(conv)) and replace its tensors, or pass every "
                "setting: stride, padding, dilation, groups (and padding_mode)."
            ),
        )
        for key, title in (
            ("stride", N_("your fused convolution lost the original's stride{where}")),
            ("padding", N_("your fused convolution lost the original's padding{where}")),
            ("dilation", N_("your fused convolution lost the original's dilation{where}")),
            ("groups", N_("your fused convolution lost the original's groups{where}")),
        )
    },
}
