"""The running-statistics update's mistakes: momentum, the estimator, what is stored and how."""

from __future__ import annotations

from bnquiz.drills.catalog.entry import Text
from bnquiz.language import N_

RUNNING: dict[str, Text] = {
    "running-var-biased": Text(
        N_("you stored the biased variance in running_var"),
        N_(
            "PyTorch normalizes with the biased variance but stores the UNBIASED one, σ²·n/(n−1), "
            "in running_var (the paper's population estimate)."
        ),
        N_("Update running_var with var * n / (n - 1), n = values per channel."),
    ),
    "running-var-unbiased": Text(
        N_("you stored the unbiased variance in the running variance"),
        N_(
            "This drill follows its course's rule: the running (moving) variance is the BIASED batch "
            "variance. (PyTorch's nn.BatchNorm does store the unbiased one: a different convention.)"
        ),
        N_("Average the same biased variance you normalized with."),
    ),
    "running-var-std": Text(
        N_("you tracked the standard deviation instead of the variance"),
        N_(
            "The running statistic is a variance; averaging standard deviations gives a different "
            "population estimate."
        ),
        N_("Average var, not sqrt(var)."),
    ),
    "running-var-includes-eps": Text(
        N_("you stored var + eps in the running variance"),
        N_(
            "ε is added when dividing, not stored: keeping var + ε in the running variance adds it "
            "twice in eval mode."
        ),
        N_("Average the batch variance itself; add eps only inside the square root."),
    ),
    "momentum-flipped": Text(
        N_("you used the other momentum convention"),
        N_(
            "PyTorch's momentum weights the NEW statistic: running = (1 − m)·running + m·stat with "
            "m = 0.1. CS231n, the classic d2l and Keras weight the OLD value: running = m·running + "
            "(1 − m)·stat with m = 0.9 (0.99 in Keras)."
        ),
        N_("Check which value this drill's momentum multiplies."),
    ),
    "momentum-ignored": Text(
        N_("you ignored the momentum argument"),
        N_(
            "Your running statistics move by a fixed amount whatever momentum you are given: the "
            "case with a non-default momentum shows it."
        ),
        N_("Use the momentum argument in the update."),
    ),
    "running-stats-replaced": Text(
        N_("you replaced the running statistics with the batch's instead of averaging"),
        N_(
            "The running statistics are an exponential moving average; overwriting them with the "
            "latest batch's statistics makes eval depend on one batch."
        ),
        N_("Blend the old value and the batch statistic with the momentum rule."),
    ),
    "running-stats-rebound": Text(
        N_("you rebound the running statistics instead of updating them in place"),
        N_(
            "`running_mean = (1 - m) * running_mean + m * mean` makes a new tensor and points your "
            "local name at it; the caller's buffer never changes."
        ),
        N_(
            "Update in place: with torch.no_grad(): running_mean.mul_(1 - m).add_(m * mean) (or "
            "running_mean.copy_(...))."
        ),
    ),
    "running-stats-not-updated": Text(
        N_("you never updated the running statistics"),
        N_(
            "A training-mode step must move the running mean and variance towards the batch's "
            "statistics; eval mode then normalizes with them."
        ),
        N_("After normalizing, update both running statistics with the momentum rule."),
    ),
}
