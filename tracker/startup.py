"""What a serving process does once, after its code is loaded and before it answers anyone.

``tracker/wsgi.py`` calls :func:`ready_to_serve` in gunicorn's master (``preload_app``), before
the workers are forked; ``bench/dashboard.py`` calls it too, so the bench measures a request
the way production serves it.
"""

from __future__ import annotations

import gc

from tracker.analysis.model import load_statistics


def ready_to_serve() -> None:
    """Load the statistics libraries, then hand everything start-up made to ``gc.freeze()``.

    Start-up leaves about 240,000 long-lived objects (modules, functions, the app, Babel's
    and statsmodels' tables). Without the freeze every full garbage collection walks them
    all again: on a 5-year dashboard load that was one collection in about seven loads,
    costing 150-650 ms of CPU (bench/README.md, "gc.freeze"). Frozen, a collection walks only
    what requests made. In a forked worker it also leaves the shared pages of those objects
    unwritten (a collection writes into every object it walks), so copy-on-write keeps them
    shared. Nothing frozen is ever freed, which is the point: start-up objects live as long
    as the process anyway. The collection first clears start-up's own garbage.
    """
    load_statistics()
    gc.collect()
    gc.freeze()
