"""innofield.evaluation: policy evaluation (DiD, Callaway-Sant'Anna, Bacon, synthetic control).

Framework-free: numpy/scipy/pandas only, scikit-learn conventions (constructors store
parameters, ``fit(data)`` returns self, results end in ``_``).
"""

from .aggregation import AggregateResult, aggregate
from .bacon import BaconDecomposition
from .callaway import CallawaySantAnna
from .panel import PanelError
from .synth import SyntheticControl, simplex_weights
from .trend import BeforeAfterTrend
from .twfe import TwoWayFixedEffects

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
