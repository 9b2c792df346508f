"""What the training labs share: a synthetic image task, a small conv net with a chosen norm, and
a training loop. Ten classes, each an 8×8 pattern seen through noise, each image with a contrast
and a brightness of its own (as photos have); cheap enough to train many times in seconds on a
CPU."""

from __future__ import annotations

from typing import Any

CLASSES = 10
SIZE = 8


def images(seed: int, count: int, varied: bool = True) -> tuple[Any, Any]:
    """`count` noisy images of the classes' patterns (the same patterns for every seed) and their
    labels; where `varied`, each with a contrast (×0.6 to ×1.6, mostly) and a brightness (±1,
    mostly) of its own, else all as from one camera."""
    import torch

    patterns = torch.randn(CLASSES, 1, SIZE, SIZE, generator=torch.Generator().manual_seed(1234))
    draw = torch.Generator().manual_seed(seed)
    labels = torch.randint(0, CLASSES, (count,), generator=draw)
    noisy = patterns[labels] + torch.randn(count, 1, SIZE, SIZE, generator=draw)
    contrast = torch.exp(0.5 * torch.randn(count, 1, 1, 1, generator=draw))
    brightness = torch.randn(count, 1, 1, 1, generator=draw)
    return (noisy * contrast + brightness, labels) if varied else (noisy, labels)


def network(norm: str) -> Any:
    """Three convolutions, each followed by `norm` ("bn", "gn" or "none") and a ReLU, then a
    linear layer. The last convolution leaves a 1×1 map: each channel is one number per image,
    as in a network's last stages."""
    from torch import nn

    def normalize(channels: int) -> nn.Module:
        if norm == "bn":
            return nn.BatchNorm2d(channels)
        if norm == "gn":
            return nn.GroupNorm(4, channels)
        return nn.Identity()

    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), normalize(16), nn.ReLU(),
        nn.Conv2d(16, 32, 3, stride=2, padding=1), normalize(32), nn.ReLU(),
        nn.Conv2d(32, 32, 4), normalize(32), nn.ReLU(),
        nn.Flatten(), nn.Linear(32, CLASSES),
    )  # fmt: skip


def train(model: Any, data: tuple[Any, Any], batch: int, epochs: int, optimizer: Any, seed: int) -> bool:
    """Train in place, `epochs` passes over `data` in shuffled batches; False if the loss went
    to infinity or NaN (the run diverged, and stopped)."""
    import torch
    import torch.nn.functional as F

    x, y = data
    order = torch.Generator().manual_seed(seed)
    model.train()
    for _ in range(epochs):
        shuffled: Any = torch.randperm(len(x), generator=order)
        for chosen in shuffled.split(batch):
            if len(chosen) < 2 and batch > 1:
                continue  # a last batch of one: BN cannot train on it
            loss: Any = F.cross_entropy(model(x[chosen]), y[chosen])
            if not torch.isfinite(loss):
                return False
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return True


def error(model: Any, data: tuple[Any, Any]) -> float:
    """The share of `data` the model gets wrong, in eval mode."""
    import torch

    x, y = data
    model.eval()
    with torch.no_grad():
        return float((model(x).argmax(1) != y).float().mean())
