"""Choosing, describing and recovering from devices; only CUDA itself is missing here."""

from __future__ import annotations

import pytest

pytest.importorskip("torch", reason="torch is an optional extra: pip install 'dlquiz[demo]'")

from dlquiz.demo import device as devices
from dlquiz.demo._torch import torch
from dlquiz.demo.runner import ratio

pytestmark = pytest.mark.demo


def test_the_cpu_is_always_there_and_picked_when_nothing_faster_is() -> None:
    present = devices.available_devices()
    assert present[0] == "cpu"
    assert devices.pick_device("cpu") == "cpu"
    expected = next((k for k in ("cuda", "mps") if k in present), "cpu")
    assert devices.pick_device() == expected


def test_unknown_or_missing_devices_are_refused_with_a_way_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(devices.DemoUnavailableError, match="unknown device 'tpu'"):
        devices.pick_device("tpu")
    monkeypatch.setattr(devices, "available_devices", lambda: ["cpu"])
    with pytest.raises(devices.DemoUnavailableError, match="MPS is not available.*--device cpu"):
        devices.pick_device("mps")


def test_without_torch_importing_it_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devices, "torch_available", lambda: False)
    with pytest.raises(devices.DemoUnavailableError, match=r'pip install "dlquiz\[demo\]"'):
        devices.import_torch()
    assert not devices.is_gpu_failure(RuntimeError("CUDA error"), device="cuda")


def test_device_labels_name_the_device_its_memory_and_torch() -> None:
    cpu = devices.describe_device("cpu")
    assert cpu.kind == "cpu" and cpu.torch_version == str(torch.__version__)
    assert cpu.label().startswith("CPU (") and cpu.label().endswith(f"torch {torch.__version__}")
    gpu = devices.DeviceInfo("cuda", "NVIDIA H100 80GB HBM3", 85 * 10**9, "2.13.0")
    assert gpu.label() == "CUDA: NVIDIA H100 80GB HBM3 (79.2 GiB), torch 2.13.0"


def test_gpu_failures_are_told_apart_from_bugs() -> None:
    oom = torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB")
    assert devices.is_gpu_failure(oom, device="cuda")
    driver = RuntimeError("CUDA error: an illegal memory access was encountered")
    assert devices.is_gpu_failure(driver, device="cuda")
    assert devices.is_gpu_failure(RuntimeError("MPS backend out of memory"), device="mps")
    assert not devices.is_gpu_failure(driver, device="cpu")  # the CPU has no driver to fail
    assert not devices.is_gpu_failure(ValueError("depth must be 2 to 50"), device="cuda")
    assert not devices.is_gpu_failure(RuntimeError("shape mismatch"), device="cuda")


def test_cpu_threads_are_restored_after_the_block() -> None:
    before = torch.get_num_threads()
    with devices.cpu_threads(1):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before


def test_a_ratio_over_an_underflowed_gradient_is_none_not_infinity() -> None:
    assert ratio(1.0, 4.0) == 0.25
    assert ratio(0.5, 0.0) is None  # JSON has no infinity
