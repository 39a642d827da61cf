"""Small synthetic data sets, generated on demand from a seeded torch generator.

They are tiny on purpose: every demo trains in seconds on a laptop CPU.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from dlquiz.demo.device import import_torch

if TYPE_CHECKING:
    from torch import Generator, Tensor


def spirals(
    points_per_class: int, *, generator: Generator, noise: float = 0.08, turns: float = 1.25
) -> tuple[Tensor, Tensor]:
    """Two interleaved 2-D spirals: inputs of shape (2n, 2) in about [-1, 1] and labels 0/1.

    A straight line cannot separate them, so a network must bend its
    decision boundary, which needs several working layers.
    """
    torch = import_torch()
    t = torch.rand(points_per_class, generator=generator).sqrt()
    xs, ys = [], []
    for label in (0, 1):
        angle = t * turns * 2 * math.pi + label * math.pi
        arm = torch.stack([t * torch.cos(angle), t * torch.sin(angle)], dim=1)
        xs.append(arm + noise * torch.randn(arm.shape, generator=generator))
        ys.append(torch.full((points_per_class,), label, dtype=torch.long))
    return torch.cat(xs), torch.cat(ys)


def noisy_teacher(
    train_points: int,
    val_points: int,
    *,
    generator: Generator,
    features: int = 16,
    label_noise: float = 0.2,
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """A small, noisy classification set that a big network will memorise.

    Labels come from a random linear rule over ``features`` inputs, and a
    ``label_noise`` share of them is flipped.  With few training points a
    wide network learns the flips too (overfitting); the validation set shows it.

    Returns:
        ``(x_train, y_train, x_val, y_val)``.
    """
    torch = import_torch()
    direction = torch.randn(features, generator=generator)

    def sample(count: int) -> tuple[Tensor, Tensor]:
        x = torch.randn(count, features, generator=generator)
        y = (x @ direction > 0).long()
        flip = torch.rand(count, generator=generator) < label_noise
        return x, torch.where(flip, 1 - y, y)

    x_train, y_train = sample(train_points)
    x_val, y_val = sample(val_points)
    return x_train, y_train, x_val, y_val


def reversal_batch(
    batch: int, length: int, *, generator: Generator, digits: int = 10
) -> tuple[Tensor, Tensor]:
    """Random digit sequences and their reversals, each of shape (batch, length).

    To write output position i the model must read input position
    ``length - 1 - i``: the first output depends on the last input, so
    information has to travel the whole sequence.
    """
    torch = import_torch()
    inputs = torch.randint(0, digits, (batch, length), generator=generator)
    return inputs, inputs.flip(1)


def seeded_generator(seed: int) -> Generator:
    """A CPU random generator with ``seed``, so every run draws the same data."""
    torch = import_torch()
    generator = torch.Generator()
    generator.manual_seed(seed)
    return generator
