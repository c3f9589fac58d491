"""innofield.evaluation: policy evaluation (DiD, Callaway-Sant'Anna, Bacon, synthetic control).

Framework-free: numpy/scipy/pandas only, scikit-learn conventions (constructors store
parameters, ``fit(data)`` returns self, results end in ``_``).
"""

from __future__ import annotations

import importlib
from typing import Any

#: Where each public name lives; loaded on first use, so that ``innofield --help`` (which
#: names the ``evaluate`` commands) does not import pandas and scipy.
_HOME = {
    "AggregateResult": "aggregation",
    "aggregate": "aggregation",
    "BaconDecomposition": "bacon",
    "CallawaySantAnna": "callaway",
    "PanelError": "panel",
    "SyntheticControl": "synth",
    "simplex_weights": "synth",
    "BeforeAfterTrend": "trend",
    "TwoWayFixedEffects": "twfe",
}


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use."""
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "AggregateResult",
    "BaconDecomposition",
    "BeforeAfterTrend",
    "CallawaySantAnna",
    "PanelError",
    "SyntheticControl",
    "TwoWayFixedEffects",
    "aggregate",
    "simplex_weights",
]
