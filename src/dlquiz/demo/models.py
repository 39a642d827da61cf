"""The networks the demos train: a deep MLP, one self-attention layer and an RNN cell."""

from __future__ import annotations

import math
from itertools import pairwise

from dlquiz.demo._torch import Tensor, nn, torch

ACTIVATIONS = ("sigmoid", "relu")


class DeepMLP(nn.Module):
    """A stack of ``depth`` fully connected layers, the setting of the vanishing-gradient story.

    ``depth`` counts weight layers: one input layer, ``depth - 2`` hidden
    layers, one output layer.  Options switch on the 2010s remedies: ReLU
    instead of sigmoid, batch normalisation before each activation, skip
    connections around each hidden layer, and dropout after each activation.
    """

    def __init__(
        self,
        *,
        depth: int,
        width: int = 32,
        activation: str = "relu",
        batch_norm: bool = False,
        skip: bool = False,
        dropout: float = 0.0,
        in_features: int = 2,
        classes: int = 2,
    ) -> None:
        super().__init__()
        if depth < 2:
            raise ValueError(f"depth must be at least 2, got {depth}")
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
        self.skip = skip
        sizes = [in_features] + [width] * (depth - 1) + [classes]
        self.linears = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(sizes))
        self.norms = nn.ModuleList(
            nn.BatchNorm1d(width) if batch_norm else nn.Identity() for _ in range(depth - 1)
        )
        self.activation = nn.ReLU() if activation == "relu" else nn.Sigmoid()
        self.dropout = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        # A residual stream adds one branch per block; scaling each branch by
        # 1/sqrt(blocks) keeps the stream's size bounded at any depth (a sigmoid
        # branch adds about 0.5 per block however its weights are scaled).
        self.branch_scale = 1 / math.sqrt(max(depth - 2, 1))
        self._initialise(activation)

    def _initialise(self, activation: str) -> None:
        for linear in self.linears:
            if activation == "relu":
                nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
            else:
                nn.init.xavier_normal_(linear.weight)
            nn.init.zeros_(linear.bias)

    def weight_layers(self) -> list[nn.Linear]:
        """The linear layers from first (input) to last (output)."""
        return list(self.linears)

    def forward(self, x: Tensor) -> Tensor:
        """Class scores (logits) for a batch of inputs."""
        last = len(self.linears) - 1
        h = self.dropout(self.activation(self.norms[0](self.linears[0](x))))
        for index in range(1, last):
            branch = self.dropout(self.activation(self.norms[index](self.linears[index](h))))
            h = h + self.branch_scale * branch if self.skip else branch
        return self.linears[last](h)


class ReversalAttention(nn.Module):
    """One multi-head self-attention layer with learned positional encodings.

    Each output position sees every input position at once; to reverse a
    sequence, position i must learn to look at position ``length - 1 - i``.
    The attention weights are kept from the last forward pass for the heatmap.
    """

    def __init__(self, *, length: int, digits: int = 10, width: int = 64, heads: int = 4) -> None:
        super().__init__()
        self.length = length
        self.tokens = nn.Embedding(digits, width)
        self.positions = nn.Parameter(0.5 * torch.randn(length, width))
        self.attention = nn.MultiheadAttention(width, heads, batch_first=True)
        self.readout = nn.Sequential(nn.LayerNorm(width), nn.Linear(width, digits))
        self.last_weights: Tensor | None = None

    def forward(self, digits: Tensor, *, keep_weights: bool = False) -> Tensor:
        """Scores over the digits for each output position, shape (batch, length, digits)."""
        x = self.tokens(digits) + self.positions[: digits.shape[1]]
        mixed, weights = self.attention(
            x, x, x, need_weights=keep_weights, average_attn_weights=False
        )
        if keep_weights:
            self.last_weights = weights.detach()
        return self.readout(mixed)


class SerialRNN(nn.Module):
    """An Elman RNN cell walked one token at a time, as recurrent networks must be."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.cell = nn.RNNCell(width, width, nonlinearity="tanh")

    def forward(self, sequence: Tensor) -> Tensor:
        """Run over ``sequence`` (batch, length, width); return the final hidden state."""
        hidden = sequence.new_zeros(sequence.shape[0], self.cell.hidden_size)
        for step in range(sequence.shape[1]):  # each step waits for the one before
            hidden = self.cell(sequence[:, step], hidden)
        return hidden
