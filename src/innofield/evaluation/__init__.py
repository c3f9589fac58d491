"""innofield.evaluation: policy evaluation (DiD, Callaway-Sant'Anna, Bacon, synthetic control).

Framework-free: numpy/scipy/pandas only, scikit-learn conventions (constructors store
parameters, ``fit(data)`` returns self, results end in ``_``).
"""

from .aggregation import AggregateResult, aggregate
from .callaway import CallawaySantAnna
from .panel import PanelError

__all__ = ["AggregateResult", "CallawaySantAnna", "PanelError", "aggregate"]
