"""The backward pass's mistakes: the terms of dx, eps, dgamma and dbeta."""

from __future__ import annotations

from bnquiz.drills.catalog.entry import Text
from bnquiz.language import N_

BACKWARD: dict[str, Text] = {
    "stats-detached": Text(
        N_("your gradient treats the batch mean and variance as constants{where}"),
        N_(
            "In training mode μ_B and σ²_B depend on every input, so ∂ℓ/∂x has a mean term and a "
            "variance term: dx = γ/(n·σ̂)·(n·dy − Σdy − x̂·Σ(dy·x̂)). Dropping both leaves only γ·dy/σ̂, "
            "the eval-mode gradient."
        ),
        N_(
            "Do not .detach() (or wrap in no_grad) the mean and variance used to normalize, and keep "
            "both terms of dx."
        ),
    ),
    "grad-missing-mean-term": Text(
        N_("your gradient misses the path through the batch mean{where}"),
        N_("dx needs the contribution through μ_B: it subtracts the mean of dy (times γ/σ̂)."),
        N_("Add dmu/N to dx, with dmu = Σ(−dx̂/σ̂) (+ dvar·Σ(−2(x − μ))/N, which is zero)."),
    ),
    "grad-missing-variance-term": Text(
        N_("your gradient misses the path through the batch variance{where}"),
        N_("dx needs the contribution through σ²_B: it removes the component of dy along x̂."),
        N_("Add dvar·2(x − μ)/N to dx, with dvar = Σ dx̂·(x − μ)·(−½)(σ² + ε)^(−3/2)."),
    ),
    "grad-missing-gamma": Text(
        N_("your dx forgets to multiply by gamma{where}"),
        N_("∂ℓ/∂x̂ = ∂ℓ/∂y·γ: every term of dx carries a factor γ."),
        N_("Start the backward pass with dxhat = dout * gamma."),
    ),
    "grad-n-minus-1": Text(
        N_("your gradient divides by N − 1{where}"),
        N_(
            "The forward normalizes with the biased variance (divide by N), so its derivative divides by "
            "N too; N − 1 makes the variance term too large."
        ),
        N_("Use N = the number of values per channel in every term of dx."),
    ),
    "dgamma-uses-x": Text(
        N_("your dgamma multiplies by x instead of x̂{where}"),
        N_("y = γ·x̂ + β, so ∂ℓ/∂γ = Σ dy·x̂, summed over the batch: the normalized input, not the raw one."),
        N_("dgamma = np.sum(dout * x_hat, axis=0)."),
    ),
    "dgamma-times-gamma": Text(
        N_("your dgamma carries an extra factor gamma{where}"),
        N_("∂y/∂γ = x̂: γ itself does not appear in its own gradient."),
        N_("dgamma = np.sum(dout * x_hat, axis=0)."),
    ),
    "dbeta-averaged": Text(
        N_("your dbeta averages dout instead of summing it{where}"),
        N_("β is added to every row, so its gradient collects every row's dout: a sum, not a mean."),
        N_("dbeta = np.sum(dout, axis=0)."),
    ),
    "dgamma-dbeta-swapped": Text(
        N_("you swapped dgamma and dbeta{where}"),
        N_("dgamma = Σ dout·x̂ and dbeta = Σ dout; yours are the other way round."),
        N_("Return (dx, dgamma, dbeta) in that order, each with its own formula."),
    ),
}
