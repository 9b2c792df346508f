"""What each finding is called, what it means in plain language, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    title: str  # "you normalized with the unbiased variance"
    why: str  # what that does, and why it is wrong under this drill's rules
    fix: str  # the hint


MISTAKES: dict[str, Text] = {
    "unbiased-variance": Text(
        "you normalized with the unbiased variance",
        "Training-mode BN divides by √(σ²_B + ε) with the BIASED batch variance (divide by n). "
        "Dividing by n − 1 (torch.var's default, np.var(ddof=1), x.std()) shrinks every output "
        "by √((n−1)/n): invisible for big batches, clear for small ones.",
        "Use x.var(dims, unbiased=False) (or correction=0), or ((x − mean)**2).mean(dims).",
    ),
    "eps-outside-sqrt": Text(
        "you added eps outside the square root",
        "BN divides by √(σ² + ε). (x − μ)/(√σ² + ε) looks the same when σ² ≫ ε but differs "
        "when the variance is small or eps is large, as for a nearly constant channel.",
        "Write (x − mean) / torch.sqrt(var + eps).",
    ),
    "eps-missing": Text(
        "you left eps out",
        "Without ε a constant channel (zero variance, e.g. a dead ReLU map) divides 0 by 0, and "
        "large-eps settings give different outputs.",
        "Divide by sqrt(var + eps).",
    ),
    "sqrt-missing": Text(
        "you divided by the variance instead of the standard deviation",
        "x̂ = (x − μ)/√(σ² + ε): without the square root the output's spread is 1/σ, not 1.",
        "Take the square root of var + eps before dividing.",
    ),
    "axes-batch-only": Text(
        "you reduced over the batch dimension only",
        "For conv input BN computes one mean and variance per CHANNEL, over N and every spatial "
        "position. Reducing over N alone gives a statistic per (channel, position).",
        "Reduce over every dimension except 1: dims (0, 2, 3) for (N, C, H, W).",
    ),
    "axes-per-sample": Text(
        "you normalized each sample instead of each channel",
        "Statistics per sample, over the channels (and positions), is LayerNorm. BatchNorm "
        "normalizes each channel across the batch.",
        "Reduce over dim 0 (and the spatial dims), keeping dim 1: mean(dims, keepdim=True).",
    ),
    "axes-all": Text(
        "you computed one mean and variance over the whole tensor",
        "BN keeps one mean and one variance per channel; a single global statistic mixes the channels.",
        "Reduce over every dimension except the channel dimension 1.",
    ),
    "channels-mixed-by-reshape": Text(
        "you reshaped (N, C, H, W) to (-1, C) without moving C last",
        "x.reshape(-1, C) on NCHW data puts values of different channels in one column, so each "
        "'channel' statistic mixes channels.",
        "Permute first: x.permute(0, 2, 3, 1).reshape(-1, C), and permute back afterwards; or "
        "reduce with mean(dim=(0, 2, 3), keepdim=True).",
    ),
    "stats-not-reshaped": Text(
        "your per-channel statistics broadcast against the last axis",
        "x.mean((0, 2, 3)) has shape (C,), which lines up with the LAST axis (W) of an (N, C, H, W) "
        "tensor, not with C. It raises a size error unless W == C, and then it is silently wrong.",
        "Keep the dimensions (keepdim=True) or reshape the statistics and γ, β to (1, C, 1, 1).",
    ),
    "naive-variance": Text(
        "your variance formula is numerically unstable (E[x²] − E[x]²?)",
        "In float32 with a large mean (|mean|/std ≈ 1000) E[x²] − E[x]² cancels catastrophically: "
        "the float64 cases pass, the float32 probe is far off, or NaN.",
        "Use a two-pass variance ((x − mean)**2).mean(), torch.var_mean, or Welford.",
    ),
    "eval-uses-batch-stats": Text(
        "in eval mode you normalized with the batch statistics",
        "Eval mode normalizes with the running (population) statistics, so each prediction "
        "depends on its own input alone, not on the rest of the batch.",
        "When not training, use running_mean and running_var.",
    ),
    "gamma-beta-swapped": Text(
        "you swapped the scale and the shift",
        "y = γ·x̂ + β: the weight γ multiplies, the bias β is added.",
        "Multiply by weight, then add bias.",
    ),
    "running-var-biased": Text(
        "you stored the biased variance in running_var",
        "PyTorch normalizes with the biased variance but stores the UNBIASED one, σ²·n/(n−1), "
        "in running_var (the paper's population estimate).",
        "Update running_var with var * n / (n - 1), n = values per channel.",
    ),
    "running-var-unbiased": Text(
        "you stored the unbiased variance in the running variance",
        "This drill follows its course's rule: the running (moving) variance is the BIASED batch "
        "variance. (PyTorch's nn.BatchNorm does store the unbiased one: a different convention.)",
        "Average the same biased variance you normalized with.",
    ),
    "running-var-std": Text(
        "you tracked the standard deviation instead of the variance",
        "The running statistic is a variance; averaging standard deviations gives a different "
        "population estimate.",
        "Average var, not sqrt(var).",
    ),
    "momentum-flipped": Text(
        "you used the other momentum convention",
        "PyTorch's momentum weights the NEW statistic: running = (1 − m)·running + m·stat with "
        "m = 0.1. d2l, CS231n and Keras weight the OLD value: running = m·running + (1 − m)·stat "
        "with m = 0.9 (0.99 in Keras).",
        "Check which value this drill's momentum multiplies.",
    ),
    "running-stats-rebound": Text(
        "you rebound the running statistics instead of updating them in place",
        "`running_mean = (1 - m) * running_mean + m * mean` makes a new tensor and points your "
        "local name at it; the caller's buffer never changes.",
        "Update in place: with torch.no_grad(): running_mean.mul_(1 - m).add_(m * mean) (or "
        "running_mean.copy_(...)).",
    ),
    "running-stats-not-updated": Text(
        "you never updated the running statistics",
        "A training-mode step must move the running mean and variance towards the batch's "
        "statistics; eval mode then normalizes with them.",
        "After normalizing, update both running statistics with the momentum rule.",
    ),
    "eval-updates-running-stats": Text(
        "eval mode changed the running statistics",
        "Evaluation must leave the running statistics alone; only a training-mode step updates them.",
        "Put the update inside the training branch.",
    ),
    "input-modified": Text(
        "you modified the input in place",
        "The caller's x changed (e.g. x -= mean). The input belongs to the caller and may be "
        "needed again, for instance by autograd.",
        "Work on new tensors: xc = x - mean.",
    ),
    "stats-detached": Text(
        "your gradient treats the batch mean and variance as constants",
        "In training mode μ_B and σ²_B depend on every input, so ∂ℓ/∂x has a mean term and a "
        "variance term: dx = γ/(n·σ̂)·(n·dy − Σdy − x̂·Σ(dy·x̂)). Detaching them leaves only γ·dy/σ̂, "
        "the eval-mode gradient.",
        "Do not .detach() (or wrap in no_grad) the mean and variance used to normalize.",
    ),
    "grad-missing-mean-term": Text(
        "your gradient misses the path through the batch mean",
        "dx needs the contribution through μ_B: it subtracts the mean of dy (times γ/σ̂).",
        "Add dmu/N to dx, with dmu = Σ(−dx̂/σ̂) (+ dvar·Σ(−2(x − μ))/N, which is zero).",
    ),
    "grad-missing-variance-term": Text(
        "your gradient misses the path through the batch variance",
        "dx needs the contribution through σ²_B: it removes the component of dy along x̂.",
        "Add dvar·2(x − μ)/N to dx, with dvar = Σ dx̂·(x − μ)·(−½)(σ² + ε)^(−3/2).",
    ),
    "grad-missing-gamma": Text(
        "your dx forgets to multiply by gamma",
        "∂ℓ/∂x̂ = ∂ℓ/∂y·γ: every term of dx carries a factor γ.",
        "Start the backward pass with dxhat = dout * gamma.",
    ),
}

BROKEN: dict[str, Text] = {
    "syntax-error": Text("your file has a syntax error", "Python could not parse it.", "Fix the line shown."),
    "import-error": Text(
        "your file raised an exception while it was imported",
        "The code at the top level of your file failed before any check could run.",
        "Run `python yourfile.py` to see the error in full.",
    ),
    "missing-function": Text(
        "a function this drill needs is missing",
        "The grader calls the drill's functions by name.",
        "Define them with the exact names and signatures of `bnquiz drill start`.",
    ),
    "exception": Text("your code raised an exception", "The checks below it could not compare anything.", ""),
    "interrupt": Text(
        "your code raised KeyboardInterrupt", "The grader treats it like any other exception.", ""
    ),
    "exited": Text(
        "your code tried to exit the process",
        "sys.exit() or os._exit() ended the run before the checks were done.",
        "Return the result instead of exiting.",
    ),
    "timeout": Text(
        "your code did not finish in time",
        "It was stopped (with everything it started) when the time limit ran out.",
        "Look for an infinite loop or a wait; the whole battery normally takes well under a "
        "second once torch is imported.",
    ),
    "crashed": Text(
        "your code crashed the Python process",
        "It was killed by a signal (a segmentation fault or an abort, for instance).",
        "Look for ctypes, native extensions or os.abort().",
    ),
    "memory": Text(
        "your code ran out of memory",
        "It used more memory than the sandbox allows.",
        "Look for something that grows without bound.",
    ),
    "output-flood": Text(
        "your code printed without end",
        "Its output reached the sandbox's cap and the run was stopped.",
        "Remove the print loop.",
    ),
    "bad-return": Text(
        "your function returned the wrong type",
        "The drill's contract says what to return.",
        "Return exactly what the starter's docstring says.",
    ),
    "wrong-shape": Text("your output has the wrong shape", "It must have the shape of the input.", ""),
    "wrong-dtype": Text(
        "your output has the wrong dtype or device",
        "The output must have the input's dtype and device (float16 in, float16 out).",
        "Cast back with .to(x.dtype) if you compute in another precision.",
    ),
    "nan": Text(
        "your output contains NaN or infinity where the answer is finite",
        "Something divided by zero or overflowed.",
        "Check the denominator: sqrt(var + eps).",
    ),
    "no-gradient": Text(
        "no gradient reached an input",
        "After y.backward(dy) the tensor's .grad was None: the computation was cut from autograd "
        "(a .detach(), .numpy(), .item() or torch.no_grad() on the path).",
        "Keep the whole forward computation in torch operations on the inputs.",
    ),
    "unrecognised": Text(
        "your results differ from the reference in a way bnquiz does not recognise",
        "No single catalogued mistake, nor any pair of them, reproduces what your code returned.",
        "Compare the worst value below with your own computation by hand.",
    ),
}
