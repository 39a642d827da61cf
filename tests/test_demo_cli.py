"""``dlquiz demo``: one JSON object with the agreed keys, and clear refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dlquiz.cli.main import main
from dlquiz.demo import device as devices

TORCH_REASON = "torch is an optional extra: pip install 'dlquiz[demo]'"


@pytest.fixture(scope="module")
def figures() -> dict[str, Any]:
    """One real run with small sequence lengths and a shallower network, parsed."""
    pytest.importorskip("torch", reason=TORCH_REASON)
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["demo", "--json", "--device", "cpu", "--lengths", "16,256", "--depth", "8"])
    assert code == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 1  # exactly one JSON object, nothing else on stdout
    parsed: dict[str, Any] = json.loads(lines[0])
    return parsed


@pytest.mark.demo
def test_json_has_the_agreed_keys_and_shapes(figures: dict[str, Any]) -> None:
    assert {
        "device",
        "torch_version",
        "gradients",
        "dropout",
        "attention",
        "serial_vs_parallel",
    } <= set(figures)
    assert figures["device"].startswith("CPU") and figures["device_kind"] == "cpu"
    gradients = figures["gradients"]
    assert gradients["depth"] == 8
    assert len(gradients["sigmoid"]) == len(gradients["relu"]) == 8
    assert gradients["first_layer_ratio"] == pytest.approx(
        gradients["relu"][0] / gradients["sigmoid"][0]
    )
    assert gradients["first_layer_ratio"] > 10  # even at depth 8 sigmoid starves layer 1
    for key in ("train_loss", "val_loss"):
        assert set(figures["dropout"][key]) == {"with", "without"}
    dropout = figures["dropout"]
    assert (dropout["val_loss"]["with"] - dropout["train_loss"]["with"]) < (
        dropout["val_loss"]["without"] - dropout["train_loss"]["without"]
    )
    assert figures["attention"]["task"] == "reverse a sequence of digits"
    assert figures["attention"]["accuracy"] > 0.9
    timings = figures["serial_vs_parallel"]
    assert [t["length"] for t in timings] == [16, 256]
    for point in timings:
        assert set(point) == {"length", "rnn_ms", "attention_ms"}
        assert point["rnn_ms"] > 0 and point["attention_ms"] > 0


@pytest.mark.demo
def test_summary_reads_the_same_figures(figures: dict[str, Any]) -> None:
    from dlquiz.cli.cmd_demo import summary

    text = summary(figures)
    assert "Vanishing gradients, depth 8" in text
    assert "31415926 -> 62951413" in text  # the attention example, reversed
    assert "milliseconds" in text
    assert len(text.splitlines()) == 7 + 1 + len(figures["serial_vs_parallel"])


@pytest.mark.demo
def test_asking_for_cuda_without_cuda_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("torch", reason=TORCH_REASON)
    if "cuda" in devices.available_devices():
        pytest.skip("this machine has CUDA")
    assert main(["demo", "--json", "--device", "cuda"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "CUDA is not available" in captured.err and "--device cpu" in captured.err


def test_without_torch_the_command_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(devices, "torch_available", lambda: False)
    assert main(["demo", "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert 'pip install "dlquiz[demo]"' in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize("bad", ["16,x", "0", "", "1,99999"])
def test_bad_lengths_are_a_usage_error(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--lengths", bad]) == 1
    assert "--lengths" in capsys.readouterr().err


def test_depth_outside_2_to_50_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--depth", "51"]) == 1
    assert "between 2 and 50" in capsys.readouterr().err


@pytest.mark.demo
def test_summary_explains_an_underflowed_first_layer(figures: dict[str, Any]) -> None:
    from dlquiz.cli.cmd_demo import summary

    deep = json.loads(json.dumps(figures))
    deep["gradients"]["sigmoid"][0] = 0.0  # what depth 50 really gives in float32
    deep["gradients"]["first_layer_ratio"] = None
    assert "sigmoid's underflowed to 0" in summary(deep)
