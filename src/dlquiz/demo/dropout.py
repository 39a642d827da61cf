"""Demo 2: dropout against overfitting.

Two identical wide networks learn the same few, noisy examples; one of them
drops half its units at random in every training step.  The plain network
memorises the training set (training loss near zero) while its validation
loss climbs: it has learned the noise.  Dropout keeps the two losses closer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from dlquiz.demo._torch import torch
from dlquiz.demo.control import SILENT, Reporter
from dlquiz.demo.data import noisy_teacher, seeded_generator
from dlquiz.demo.device import cpu_threads
from dlquiz.demo.models import DeepMLP

F = torch.nn.functional

VARIANTS = ("without", "with")  # dropout off, dropout on


@dataclass(frozen=True, slots=True)
class DropoutSettings:
    """A small noisy data set and a network with far more parameters than examples."""

    rate: float = 0.5
    train_points: int = 80
    val_points: int = 1000
    features: int = 4
    label_noise: float = 0.15
    width: int = 256
    depth: int = 4
    steps: int = 300
    learning_rate: float = 1e-3
    seed: int = 0
    record_every: int = 5


@dataclass(frozen=True, slots=True)
class DropoutResult:
    """Loss curves of both networks, measured without dropout (evaluation mode).

    ``curves[variant][split]`` is a list with one value per recorded step,
    for variant "with" or "without" and split "train" or "val".
    """

    settings: DropoutSettings
    recorded_steps: list[int]
    curves: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    val_accuracy: dict[str, float] = field(default_factory=dict)

    def final(self, variant: str, split: str) -> float:
        """The last recorded loss of one network on one split."""
        return self.curves[variant][split][-1]

    def gap(self, variant: str) -> float:
        """Validation loss minus training loss at the end: how much was memorised."""
        return self.final(variant, "val") - self.final(variant, "train")

    def to_json(self) -> dict[str, Any]:
        """Final losses in the CLI's shape, plus the gaps and settings."""
        return {
            "rate": self.settings.rate,
            "train_loss": {v: self.final(v, "train") for v in VARIANTS},
            "val_loss": {v: self.final(v, "val") for v in VARIANTS},
            "gap": {v: self.gap(v) for v in VARIANTS},
            "val_accuracy": dict(self.val_accuracy),
            "settings": asdict(self.settings),
        }


def run_dropout_demo(
    settings: DropoutSettings | None = None,
    *,
    device: str = "cpu",
    reporter: Reporter = SILENT,
) -> DropoutResult:
    """Train a network with and one without dropout side by side on the same data.

    Progress data carries ``steps`` and ``curves`` (the same shape as the result).
    """
    settings = settings or DropoutSettings()
    if not 0.0 <= settings.rate < 1.0:
        raise ValueError(f"dropout rate must be in [0, 1), got {settings.rate}")
    with cpu_threads(1):  # tiny models: one thread is fastest, see cpu_threads
        return _train_pair(settings, device=device, reporter=reporter)


def _build_pair(settings: DropoutSettings, device: str) -> dict[str, DeepMLP]:
    models = {}
    for variant in VARIANTS:
        torch.manual_seed(settings.seed)  # same starting weights for both
        models[variant] = DeepMLP(
            depth=settings.depth,
            width=settings.width,
            activation="relu",
            dropout=settings.rate if variant == "with" else 0.0,
            in_features=settings.features,
        ).to(device)
    return models


def _train_pair(settings: DropoutSettings, *, device: str, reporter: Reporter) -> DropoutResult:
    x_train, y_train, x_val, y_val = (
        t.to(device)
        for t in noisy_teacher(
            settings.train_points,
            settings.val_points,
            generator=seeded_generator(settings.seed),
            features=settings.features,
            label_noise=settings.label_noise,
        )
    )
    models = _build_pair(settings, device)
    rate = settings.learning_rate
    optimisers = {v: torch.optim.Adam(m.parameters(), lr=rate) for v, m in models.items()}
    curves: dict[str, dict[str, list[float]]] = {v: {"train": [], "val": []} for v in VARIANTS}
    recorded: list[int] = []

    def record(step: int) -> None:
        # Both losses are measured with dropout off, so the two networks compare fairly.
        recorded.append(step)
        for variant, model in models.items():
            model.eval()
            with torch.no_grad():
                curves[variant]["train"].append(F.cross_entropy(model(x_train), y_train).item())
                curves[variant]["val"].append(F.cross_entropy(model(x_val), y_val).item())
            model.train()

    record(0)
    for step in range(1, settings.steps + 1):
        for variant, model in models.items():
            optimisers[variant].zero_grad()
            F.cross_entropy(model(x_train), y_train).backward()
            optimisers[variant].step()
        if step % settings.record_every == 0 or step == settings.steps:
            record(step)
            snapshot = {v: {s: list(c) for s, c in pair.items()} for v, pair in curves.items()}
            fraction = step / settings.steps
            reporter.step(fraction, "dropout", steps=list(recorded), curves=snapshot)
        else:
            reporter.check()

    accuracy = {}
    for variant, model in models.items():
        model.eval()
        with torch.no_grad():
            accuracy[variant] = float((model(x_val).argmax(dim=1) == y_val).float().mean())
    return DropoutResult(settings, recorded, curves, accuracy)
