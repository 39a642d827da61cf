"""Demo 3: one self-attention layer learns to reverse a sequence of digits.

Reversing needs long-range links: the first output digit is the last input
digit.  One attention layer makes every such link in a single step, and its
weights show them as an anti-diagonal in the heatmap.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from dlquiz.demo._torch import torch
from dlquiz.demo.control import SILENT, Reporter
from dlquiz.demo.data import reversal_batch, seeded_generator
from dlquiz.demo.device import cpu_threads
from dlquiz.demo.inputs import MAX_DIGITS as MAX_LENGTH
from dlquiz.demo.inputs import MIN_DIGITS as MIN_LENGTH
from dlquiz.demo.models import ReversalAttention

F = torch.nn.functional

TASK = "reverse a sequence of digits"
DIGITS = 10


@dataclass(frozen=True, slots=True)
class AttentionSettings:
    """The toy task and the model; defaults train in about a second on a CPU."""

    length: int = 8
    steps: int = 150
    batch: int = 128
    width: int = 64
    heads: int = 4
    learning_rate: float = 3e-3
    seed: int = 0
    test_sequences: int = 1000


@dataclass(frozen=True, slots=True)
class AttentionView:
    """The model's answer for one input and each head's attention weights.

    ``weights[head][i][j]`` is how much output position i looks at input position j.
    """

    digits: list[int]
    output: list[int]
    weights: list[list[list[float]]]


@dataclass(frozen=True, slots=True)
class AttentionResult:
    """Accuracy on held-out sequences, the loss curve, and the trained model (on the CPU)."""

    settings: AttentionSettings
    accuracy: float  # share of output digits right
    sequence_accuracy: float  # share of whole sequences reversed without a mistake
    losses: list[float]
    model: ReversalAttention = field(repr=False)
    view: AttentionView | None = None

    def to_json(self) -> dict[str, Any]:
        """The result in the CLI's shape: task and accuracy, plus details."""
        out: dict[str, Any] = {
            "task": TASK,
            "accuracy": self.accuracy,
            "sequence_accuracy": self.sequence_accuracy,
            "chance": 1 / DIGITS,
            "settings": asdict(self.settings),
        }
        if self.view is not None:
            out["example"] = {"input": self.view.digits, "output": self.view.output}
        return out


def attention_view(model: ReversalAttention, digits: list[int]) -> AttentionView:
    """Run ``model`` on ``digits`` and keep every head's attention weights."""
    if len(digits) != model.length:
        raise ValueError(f"the model reverses {model.length} digits, got {len(digits)}")
    device = next(model.parameters()).device
    model.eval()
    with torch.no_grad():
        scores = model(torch.tensor([digits], device=device), keep_weights=True)
    assert model.last_weights is not None  # set by keep_weights=True
    return AttentionView(
        digits=list(digits),
        output=scores.argmax(dim=-1)[0].cpu().tolist(),
        weights=model.last_weights[0].cpu().tolist(),
    )


def _held_out_accuracy(
    model: ReversalAttention, settings: AttentionSettings, device: str
) -> tuple[float, float]:
    # A different seed from training: these sequences were (almost surely) never seen.
    inputs, targets = reversal_batch(
        settings.test_sequences, settings.length, generator=seeded_generator(settings.seed + 1)
    )
    model.eval()
    with torch.no_grad():
        predicted = model(inputs.to(device)).argmax(dim=-1).cpu()
    correct = predicted == targets
    return float(correct.float().mean()), float(correct.all(dim=1).float().mean())


def run_attention_demo(
    settings: AttentionSettings | None = None,
    *,
    device: str = "cpu",
    probe: list[int] | None = None,
    reporter: Reporter = SILENT,
) -> AttentionResult:
    """Train the attention layer on random sequences, then test it on fresh ones.

    Args:
        settings: task and model sizes; ``length`` must match ``probe``'s length.
        device: "cpu", "cuda" or "mps".
        probe: digits to show the attention heatmap for after training.
        reporter: receives ``losses`` as training goes.
    """
    settings = settings or AttentionSettings()
    if not MIN_LENGTH <= settings.length <= MAX_LENGTH:
        raise ValueError(f"length must be between {MIN_LENGTH} and {MAX_LENGTH}")
    if probe is not None and len(probe) != settings.length:
        raise ValueError(f"probe has {len(probe)} digits, the task has {settings.length}")

    with cpu_threads(1):  # tiny models: one thread is fastest, see cpu_threads
        return _train(settings, device=device, probe=probe, reporter=reporter)


def _train(
    settings: AttentionSettings, *, device: str, probe: list[int] | None, reporter: Reporter
) -> AttentionResult:
    generator = seeded_generator(settings.seed)
    torch.manual_seed(settings.seed)
    model = ReversalAttention(
        length=settings.length, digits=DIGITS, width=settings.width, heads=settings.heads
    ).to(device)
    optimiser = torch.optim.Adam(model.parameters(), lr=settings.learning_rate)
    losses: list[float] = []
    for step in range(1, settings.steps + 1):
        inputs, targets = reversal_batch(settings.batch, settings.length, generator=generator)
        inputs, targets = inputs.to(device), targets.to(device)
        optimiser.zero_grad()
        loss = F.cross_entropy(model(inputs).reshape(-1, DIGITS), targets.reshape(-1))
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
        reporter.step(step / settings.steps, "training attention", losses=list(losses))

    accuracy, sequence_accuracy = _held_out_accuracy(model, settings, device)
    model = model.cpu()
    view = attention_view(model, probe) if probe is not None else None
    return AttentionResult(settings, accuracy, sequence_accuracy, losses, model, view)
