"""Live demonstrations of the chapter's ideas, computed with PyTorch.

The package itself imports nothing heavy: ``torch`` is an optional extra
(``pip install "dlquiz[demo]"``) and is loaded only when a demo runs, through
:func:`dlquiz.demo.device.import_torch`.  Qt is never imported here; the GUI
tab and the ``dlquiz demo`` command sit on top of these modules.
"""
