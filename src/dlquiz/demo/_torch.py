"""The one place torch is imported, quietly.

torch warns on import when NumPy is missing; the demos never use NumPy, so
that warning is silenced here instead of being shown to the learner (or
turned into an error by a strict test run).  Importing this module is what
makes a demo "start": nothing imports it until a demo runs.
"""

import warnings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Failed to initialize NumPy", category=UserWarning)
    import torch
    from torch import Tensor, nn

__all__ = ["Tensor", "nn", "torch"]
