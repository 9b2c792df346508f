"""Every word the drill grader says: what each finding is called, what it means, how to fix it.

A mistake's title has a `{where}` slot that the judge fills with the code paths it shows in
("in your backward pass"), so one entry serves every path; `{detail}` takes what the spec found
(the dimensions reduced). Every finding has a fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Text:
    title: str  # "you left eps out{where}"
    why: str  # what that does, and why it is wrong under this drill's rules
    fix: str  # the hint


MISTAKES: dict[str, Text] = {
    # --- the forward, in training or in eval mode ---
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
    # --- the running statistics ---
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
    "running-var-includes-eps": Text(
        "you stored var + eps in the running variance",
        "ε is added when dividing, not stored: keeping var + ε in the running variance adds it "
        "twice in eval mode.",
        "Average the batch variance itself; add eps only inside the square root.",
    ),
    "momentum-flipped": Text(
        "you used the other momentum convention",
        "PyTorch's momentum weights the NEW statistic: running = (1 − m)·running + m·stat with "
        "m = 0.1. CS231n, the classic d2l and Keras weight the OLD value: running = m·running + "
        "(1 − m)·stat with m = 0.9 (0.99 in Keras).",
        "Check which value this drill's momentum multiplies.",
    ),
    "momentum-ignored": Text(
        "you ignored the momentum argument",
        "Your running statistics move by a fixed amount whatever momentum you are given: the "
        "case with a non-default momentum shows it.",
        "Use the momentum argument in the update.",
    ),
    "running-stats-replaced": Text(
        "you replaced the running statistics with the batch's instead of averaging",
        "The running statistics are an exponential moving average; overwriting them with the "
        "latest batch's statistics makes eval depend on one batch.",
        "Blend the old value and the batch statistic with the momentum rule.",
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
    # --- the inputs ---
    "input-modified": Text(
        "you modified the input in place",
        "The caller's x changed (e.g. x -= mean). The input belongs to the caller and may be "
        "needed again, for instance by autograd.",
        "Work on new tensors: xc = x - mean.",
    ),
    "params-modified": Text(
        "you modified the scale or the shift in place",
        "The caller's weight or bias changed during the call; they are parameters the optimizer owns.",
        "Never write into weight or bias; compute with them.",
    ),
    "naive-variance": Text(
        "your variance formula is numerically unstable (E[x²] − E[x]²?)",
        "In float32 with a large mean (|mean|/std ≈ 1000) E[x²] − E[x]² cancels catastrophically: "
        "the float64 cases pass, the float32 probe is far off, or NaN.",
        "Use a two-pass variance ((x − mean)**2).mean(), torch.var_mean, or Welford.",
    ),
    # --- the backward pass ---
    "stats-detached": Text(
        "your gradient treats the batch mean and variance as constants{where}",
        "In training mode μ_B and σ²_B depend on every input, so ∂ℓ/∂x has a mean term and a "
        "variance term: dx = γ/(n·σ̂)·(n·dy − Σdy − x̂·Σ(dy·x̂)). Dropping both leaves only γ·dy/σ̂, "
        "the eval-mode gradient.",
        "Do not .detach() (or wrap in no_grad) the mean and variance used to normalize, and keep "
        "both terms of dx.",
    ),
    "grad-missing-mean-term": Text(
        "your gradient misses the path through the batch mean{where}",
        "dx needs the contribution through μ_B: it subtracts the mean of dy (times γ/σ̂).",
        "Add dmu/N to dx, with dmu = Σ(−dx̂/σ̂) (+ dvar·Σ(−2(x − μ))/N, which is zero).",
    ),
    "grad-missing-variance-term": Text(
        "your gradient misses the path through the batch variance{where}",
        "dx needs the contribution through σ²_B: it removes the component of dy along x̂.",
        "Add dvar·2(x − μ)/N to dx, with dvar = Σ dx̂·(x − μ)·(−½)(σ² + ε)^(−3/2).",
    ),
    "grad-missing-gamma": Text(
        "your dx forgets to multiply by gamma{where}",
        "∂ℓ/∂x̂ = ∂ℓ/∂y·γ: every term of dx carries a factor γ.",
        "Start the backward pass with dxhat = dout * gamma.",
    ),
    "grad-n-minus-1": Text(
        "your gradient divides by N − 1{where}",
        "The forward normalizes with the biased variance (divide by N), so its derivative divides by "
        "N too; N − 1 makes the variance term too large.",
        "Use N = the number of values per channel in every term of dx.",
    ),
    "dgamma-uses-x": Text(
        "your dgamma multiplies by x instead of x̂{where}",
        "y = γ·x̂ + β, so ∂ℓ/∂γ = Σ dy·x̂, summed over the batch: the normalized input, not the raw one.",
        "dgamma = np.sum(dout * x_hat, axis=0).",
    ),
    "dgamma-times-gamma": Text(
        "your dgamma carries an extra factor gamma{where}",
        "∂y/∂γ = x̂: γ itself does not appear in its own gradient.",
        "dgamma = np.sum(dout * x_hat, axis=0).",
    ),
    "dbeta-averaged": Text(
        "your dbeta averages dout instead of summing it{where}",
        "β is added to every row, so its gradient collects every row's dout: a sum, not a mean.",
        "dbeta = np.sum(dout, axis=0).",
    ),
    "dgamma-dbeta-swapped": Text(
        "you swapped dgamma and dbeta{where}",
        "dgamma = Σ dout·x̂ and dbeta = Σ dout; yours are the other way round.",
        "Return (dx, dgamma, dbeta) in that order, each with its own formula.",
    ),
}

BROKEN: dict[str, Text] = {
    "syntax-error": Text(
        "your file has a syntax error", "Python could not parse it.", "Fix the line shown, then check again."
    ),
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
    "exception": Text(
        "your code raised an exception{where}",
        "The checks it was running could not compare anything.",
        "Read the error and the line of yours it points at, above.",
    ),
    "interrupt": Text(
        "your code raised KeyboardInterrupt",
        "The grader treats it like any other exception.",
        "Remove the raise (or the input() or signal handling that leads to it).",
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
        "Together, the processes it ran used more memory than the sandbox allows.",
        "Look for something that grows without bound.",
    ),
    "processes": Text(
        "your code started too many processes or threads",
        "The sandbox caps how many processes and threads a submission may run at once; it was "
        "stopped, with everything it started, when it passed the cap.",
        "A batch norm needs no processes or threads of its own: remove the fork, Popen or Thread.",
    ),
    "left-running": Text(
        "your code left processes running",
        "When your functions returned, processes they had started were still running; the "
        "sandbox killed them.",
        "Wait for (or do without) any process you start.",
    ),
    "output-flood": Text(
        "your code printed without end",
        "Its output reached the sandbox's cap and the run was stopped.",
        "Remove the print loop.",
    ),
    "bad-return": Text(
        "your function returned the wrong type{where}",
        "The drill's contract says what to return.",
        "Return exactly what the starter's docstring says.",
    ),
    "wrong-shape": Text(
        "{quantity}{where} has the wrong shape",
        "Every output must have the shape the contract gives it.",
        "Return arrays of the shapes in the starter's docstring.",
    ),
    "wrong-dtype": Text(
        "your output has the wrong dtype or device",
        "The output must have the input's dtype and device (float16 in, float16 out).",
        "Cast back with .to(x.dtype) if you compute in another precision.",
    ),
    "nan": Text(
        "{quantity}{where} holds NaN or infinity where the answer is finite",
        "Something divided by zero or overflowed.",
        "Check the denominator: sqrt(var + eps).",
    ),
    "no-gradient": Text(
        "no gradient reached {quantity}{where}",
        "After y.backward(dy) the tensor's .grad was None: the computation was cut from autograd "
        "(a .detach(), .numpy(), .item() or torch.no_grad() on the path).",
        "Keep the whole forward computation in torch operations on the inputs.",
    ),
    "unrecognised": Text(
        "{quantity}{where} differs from the reference in a way bnquiz does not recognise",
        "No catalogued mistake, nor any pair of them, reproduces what your code returned there.",
        "Run your code on the case shown above and compare its expected and actual values with "
        "your own computation, step by step.",
    ),
}

# where a finding shows: " in your backward pass", " in your training forward and eval forward"
WHERE = " in your {paths}"
RIGHT = "; your {paths} {verb} right"
AND = " and "

NOTES = {
    "cuda-skipped": "CUDA checks skipped: no CUDA device here (they run where torch.cuda.is_available()).",
    "optional-skipped": "{function} is not defined: its checks were not run.",
    "not-judged": "Your {path} was not judged on its own: the {depends} it builds on is wrong in a "
    "way bnquiz does not recognise.",
    "edition-given": "Graded as {label}: {source}.",
    "edition-inferred": "Graded as {label}: your code's running statistics follow it.",
}


def title(
    id: str, paths: list[str], right: list[str], detail: str = "", quantity: str = "", texts: Any = None
) -> str:
    """A finding's one-line title: the mistake, where it shows, and what is right beside it.
    `texts`: a drill's texts for mistakes of its own, looked up first."""
    found = text(id, texts)
    where = WHERE.format(paths=join(paths)) if paths and "{where}" in found.title else ""
    line = found.title.format(
        where=where, detail=detail, quantity=f"`{quantity}`" if quantity else "your result"
    )
    if right:
        line += RIGHT.format(paths=join(right), verb="is" if len(right) == 1 else "are")
    return line[0].upper() + line[1:]


def join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + AND + items[-1]


def text(id: str, texts: Any = None) -> Text:
    """A finding's words: the drill's own `texts` first, then the catalog."""
    return (texts or {}).get(id) or MISTAKES.get(id) or BROKEN[id]
