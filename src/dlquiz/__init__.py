"""dlquiz: study "The Deep Learning Revolution (2010-2018)" with spaced repetition."""

import time as _time

__version__ = "0.1.0"

# When the package was first imported: the smoke test's start-up figure counts from here.
IMPORTED_AT = _time.perf_counter()
