"""What a serving process does once, after its code is loaded and before it answers anyone.

``tracker/wsgi.py`` calls :func:`ready_to_serve` in gunicorn's master (``preload_app``), before
the workers are forked; ``bench/dashboard.py`` calls it too, so the bench measures a request
the way production serves it.
"""

from __future__ import annotations

import gc

from tracker.analysis.model import load_statistics

YOUNG_THRESHOLD = 20_000
"""Container objects allocated (net of those freed) before the collector looks at the youngest
generation; Python's default is 700. A 5-year dashboard load makes thousands that stay in use
until the answer is written (a row per day, a record per check-in and session, a point per
scatter dot), so at 700 the collector ran about 20 young and 2 middle collections per load,
walking live objects (4-9 ms of CPU per load, 5-10%). At 20,000 it ran once in 20 loads: the
load's objects are freed by their reference counts when the request ends, before a collection
is due. The cost: garbage in reference cycles waits longer, at most this many objects (a few
megabytes)."""


def ready_to_serve() -> None:
    """Load the statistics libraries, hand everything start-up made to ``gc.freeze()``, and let
    a request's own objects go before the collector walks them.

    Start-up leaves about 240,000 long-lived objects (modules, functions, the app, Babel's
    and statsmodels' tables). Without the freeze every full garbage collection walks them
    all again: on a 5-year dashboard load that was one collection in about seven loads,
    costing 150-650 ms of CPU (bench/README.md, "gc.freeze"). Frozen, a collection walks only
    what requests made. In a forked worker it also leaves the shared pages of those objects
    unwritten (a collection writes into every object it walks), so copy-on-write keeps them
    shared. Nothing frozen is ever freed, which is the point: start-up objects live as long
    as the process anyway. The collection first clears start-up's own garbage.
    The youngest generation's threshold is raised too (``YOUNG_THRESHOLD``).
    """
    load_statistics()
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
