"""Finding PyTorch and choosing the device a demo runs on.

Nothing here imports torch at module import time, so the app can ask
:func:`torch_available` during start-up for the price of a file lookup.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType

from dlquiz.core.labels import torch_install_plain

INSTALL_HINT = torch_install_plain()

DEVICE_KINDS = ("cpu", "cuda", "mps")


class DemoUnavailableError(RuntimeError):
    """PyTorch is not installed, or the requested device is not present."""


def torch_available() -> bool:
    """Whether ``import torch`` can succeed, answered without importing it."""
    return importlib.util.find_spec("torch") is not None


def import_torch() -> ModuleType:
    """Import and return torch, or raise :class:`DemoUnavailableError` with the install hint."""
    if not torch_available():
        raise DemoUnavailableError(INSTALL_HINT)
    from dlquiz.demo._torch import torch

    module: ModuleType = torch
    return module


def _mps_available(torch: ModuleType) -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def available_devices() -> list[str]:
    """The device kinds this machine can run demos on, CPU first."""
    torch = import_torch()
    kinds = ["cpu"]
    if torch.cuda.is_available():
        kinds.append("cuda")
    if _mps_available(torch):
        kinds.append("mps")
    return kinds


def pick_device(requested: str | None = None) -> str:
    """The device kind to use: ``requested`` if given, else CUDA, else Apple MPS, else CPU.

    Raises:
        DemoUnavailableError: torch is missing, or ``requested`` is not on this machine.
    """
    present = available_devices()
    if requested is None:
        for kind in ("cuda", "mps"):
            if kind in present:
                return kind
        return "cpu"
    if requested not in DEVICE_KINDS:
        raise DemoUnavailableError(
            f"unknown device {requested!r}: choose one of {', '.join(DEVICE_KINDS)}"
        )
    if requested not in present:
        raise DemoUnavailableError(
            f"{requested.upper()} is not available on this machine "
            f"(PyTorch sees: {', '.join(present)}); run with --device cpu instead"
        )
    return requested


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """What the learner is told about the device running the demo."""

    kind: str
    name: str
    memory_bytes: int | None
    torch_version: str

    def label(self) -> str:
        """One line such as ``"CUDA: NVIDIA H100 (79.1 GiB), torch 2.13.0"``."""
        memory = f" ({self.memory_bytes / 2**30:.1f} GiB)" if self.memory_bytes else ""
        kind = self.kind.upper()
        name = self.name if self.name.startswith(kind) else f"{kind}: {self.name}"
        return f"{name}{memory}, torch {self.torch_version}"


def describe_device(kind: str) -> DeviceInfo:
    """Name and memory of the device ``kind`` ("cpu", "cuda" or "mps")."""
    torch = import_torch()
    version = str(torch.__version__)
    if kind == "cuda":
        props = torch.cuda.get_device_properties(torch.cuda.current_device())
        return DeviceInfo("cuda", str(props.name), int(props.total_memory), version)
    if kind == "mps":
        return DeviceInfo("mps", "Apple GPU (Metal)", None, version)
    import platform

    processor = platform.processor() or platform.machine() or "processor"
    threads = torch.get_num_threads()
    return DeviceInfo("cpu", f"CPU ({processor}, {threads} threads)", None, version)


def is_gpu_failure(error: BaseException, *, device: str) -> bool:
    """Whether ``error`` is the GPU running out of memory or its driver failing.

    Such failures are worth retrying on the CPU; a bug in the demo is not.
    """
    if not torch_available():
        return False
    torch = import_torch()
    if isinstance(error, torch.cuda.OutOfMemoryError):
        return True
    if device == "cpu" or not isinstance(error, RuntimeError):
        return False
    text = str(error).lower()
    return any(word in text for word in ("cuda", "cublas", "cudnn", "mps", "metal", "device"))


def synchronize(kind: str) -> None:
    """Wait for queued GPU work to finish so a timer measures it, not its launch."""
    torch = import_torch()
    if kind == "cuda":
        torch.cuda.synchronize()
    elif kind == "mps":
        torch.mps.synchronize()


@contextmanager
def cpu_threads(count: int) -> Iterator[None]:
    """Let torch use ``count`` CPU threads inside the block, then restore the old number.

    The demo networks are so small that splitting one matrix product over
    several threads costs more in hand-overs than it saves; on a busy
    machine the spinning threads even slow each other down many times over.
    """
    torch = import_torch()
    previous = torch.get_num_threads()
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def release_gpu_memory(kind: str) -> None:
    """Hand cached GPU memory back after a failure, so a smaller rerun can fit."""
    if kind not in ("cuda", "mps") or not torch_available():
        return
    torch = import_torch()
    try:
        if kind == "cuda":
            torch.cuda.empty_cache()
        else:
            torch.mps.empty_cache()
    except RuntimeError:
        pass  # the driver may be gone; the learner is already offered the CPU
