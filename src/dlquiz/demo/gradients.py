"""Demo 1: vanishing gradients in a deep MLP, and the remedies that fixed them.

One backward pass through a fresh network shows how large each layer's
gradient is; with sigmoid at depth 20 the first layer's is many orders of
magnitude smaller than the last's, so the early layers barely learn.  A
short training run on two spirals then shows what that means for learning.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from dlquiz.demo._torch import torch
from dlquiz.demo.control import SILENT, Reporter
from dlquiz.demo.data import seeded_generator, spirals
from dlquiz.demo.device import cpu_threads
from dlquiz.demo.models import DeepMLP

F = torch.nn.functional

MIN_DEPTH, MAX_DEPTH = 2, 50


@dataclass(frozen=True, slots=True)
class GradientSettings:
    """The network and training run of the gradient demo; defaults finish in a few seconds."""

    depth: int = 20
    activation: str = "sigmoid"
    batch_norm: bool = False
    skip: bool = False
    width: int = 32
    points_per_class: int = 128
    steps: int = 200
    learning_rate: float = 3e-3
    seed: int = 0
    boundary_resolution: int = 40
    boundary_every: int = 10

    def label(self) -> str:
        """A short description for plot legends, e.g. ``"sigmoid, depth 20, skips"``."""
        parts = [self.activation, f"depth {self.depth}"]
        if self.batch_norm:
            parts.append("batch norm")
        if self.skip:
            parts.append("skips")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class GradientResult:
    """What the gradient demo found, in plain lists ready for plots and JSON."""

    settings: GradientSettings
    norms: list[float]  # gradient norm of each layer's weight, first layer to last
    losses: list[float]  # training loss at every step
    accuracy: float  # on the training spirals, after training
    boundary: list[list[float]]  # probability of class 1 on a grid over [-1.2, 1.2]^2
    points: list[tuple[float, float, int]] = field(default_factory=list)  # (x, y, label)

    def to_json(self) -> dict[str, Any]:
        """The result as a JSON-ready dict (the boundary grid left out: it is large)."""
        return {
            "settings": asdict(self.settings),
            "norms": self.norms,
            "final_loss": self.losses[-1] if self.losses else None,
            "accuracy": self.accuracy,
        }


BOUNDARY_EXTENT = 1.2  # the grid spans [-extent, extent] on both axes


def _build(settings: GradientSettings, device: str) -> DeepMLP:
    torch.manual_seed(settings.seed)
    model = DeepMLP(
        depth=settings.depth,
        width=settings.width,
        activation=settings.activation,
        batch_norm=settings.batch_norm,
        skip=settings.skip,
    )
    model.to(device)  # moves the parameters in place
    return model


def _spirals(settings: GradientSettings, device: str) -> tuple[torch.Tensor, torch.Tensor]:
    x, y = spirals(settings.points_per_class, generator=seeded_generator(settings.seed))
    return x.to(device), y.to(device)


def layer_gradient_norms(settings: GradientSettings, *, device: str = "cpu") -> list[float]:
    """Gradient norm of each layer's weight after one backward pass, first layer to last.

    Uses a freshly initialised network and the spirals batch, so the numbers
    show how well the error signal reaches each layer before any training.
    """
    model = _build(settings, device)
    x, y = _spirals(settings, device)
    F.cross_entropy(model(x), y).backward()
    return [float(layer.weight.grad.norm()) for layer in model.weight_layers()]


def boundary_grid(model: DeepMLP, *, resolution: int, device: str) -> list[list[float]]:
    """Probability of class 1 at ``resolution`` x ``resolution`` points, rows from top (y=+1.2)."""
    axis = torch.linspace(-BOUNDARY_EXTENT, BOUNDARY_EXTENT, resolution)
    ys, xs = torch.meshgrid(axis.flip(0), axis, indexing="ij")
    grid = torch.stack([xs.reshape(-1), ys.reshape(-1)], dim=1).to(device)
    was_training = model.training
    model.eval()
    with torch.no_grad():
        probability = torch.softmax(model(grid), dim=1)[:, 1]
    model.train(was_training)
    rows: list[list[float]] = probability.reshape(resolution, resolution).cpu().tolist()
    return rows


def run_gradient_demo(
    settings: GradientSettings | None = None,
    *,
    device: str = "cpu",
    reporter: Reporter = SILENT,
) -> GradientResult:
    """Measure per-layer gradient norms, then train briefly on spirals.

    Progress data carries ``norms`` and ``points`` (the spirals) first, then
    ``losses`` and, every ``boundary_every`` steps, ``boundary``.
    """
    settings = settings or GradientSettings()
    if not MIN_DEPTH <= settings.depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between {MIN_DEPTH} and {MAX_DEPTH}")

    with cpu_threads(1):  # tiny models: one thread is fastest, see cpu_threads
        return _run(settings, device=device, reporter=reporter)


def _run(settings: GradientSettings, *, device: str, reporter: Reporter) -> GradientResult:
    norms = layer_gradient_norms(settings, device=device)
    model = _build(settings, device)
    x, y = _spirals(settings, device)
    points = [
        (float(px), float(py), int(label))
        for (px, py), label in zip(x.cpu().tolist(), y.cpu().tolist(), strict=True)
    ]
    reporter.step(0.0, "gradients", norms=norms, points=points)

    optimiser = torch.optim.Adam(model.parameters(), lr=settings.learning_rate)
    losses: list[float] = []
    for step in range(1, settings.steps + 1):
        optimiser.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
        data: dict[str, Any] = {"losses": list(losses)}
        if step % settings.boundary_every == 0 or step == settings.steps:
            data["boundary"] = boundary_grid(
                model, resolution=settings.boundary_resolution, device=device
            )
        reporter.step(step / settings.steps, "training on spirals", **data)

    model.eval()
    with torch.no_grad():
        accuracy = float((model(x).argmax(dim=1) == y).float().mean())
    boundary = boundary_grid(model, resolution=settings.boundary_resolution, device=device)
    return GradientResult(settings, norms, losses, accuracy, boundary, points)
