"""innofield.observatory: composite indices (COINr-grade), synergy, balance and networks.

Framework-free: pandas/numpy/scipy/networkx only, usable in a notebook with no web stack.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .aggregate import (
        AGGREGATION_METHODS,
        aggregate,
        aggregate_matrix,
        copeland,
        outrank_matrix,
    )
    from .analysis import (
        compare_ranks,
        correlations,
        cronbach_alpha,
        pca,
        strengths_weaknesses,
        summary_stats,
    )
    from .ccd import (
        CCD_VARIANTS,
        coupling_coordination,
        coupling_degree,
        entropy_weights,
        grade,
        subsystem_scores,
    )
    from .coinr_stats import kurt, rank_desc, skew
    from .denominate import denominate
    from .framework import Framework
    from .impute import impute, impute_panel
    from .inequality import (
        coefficient_of_variation,
        gini,
        herfindahl,
        location_quotient,
        rank_mobility,
        revealed_advantage,
        theil,
        theil_decomposition,
    )
    from .networks import (
        build_graph,
        centrality_table,
        communities,
        core_periphery,
        flow_matrix,
        layout,
        net_flows,
        participation,
    )
    from .normalise import NORMALISE_METHODS, normalise, normalise_panel
    from .pipeline import CompositeIndex, build_panel, load_spec
    from .screen import data_availability, screen_units
    from .treat import TREAT_PRESETS, check_skew_kurt, treat, treat_vector, winsorise
    from .uncertainty import UncertaintyAnalysis, saltelli_design, sensitivity_indices
    from .unit_data import check_idata, indicator_frame
    from .weights import (
        effective_weights,
        noisy_weights,
        optimise_weights,
        pca_weights,
        renormalise,
    )

__all__ = [
    "CCD_VARIANTS",
    "UncertaintyAnalysis",
    "build_graph",
    "centrality_table",
    "coefficient_of_variation",
    "communities",
    "compare_ranks",
    "core_periphery",
    "correlations",
    "coupling_coordination",
    "coupling_degree",
    "cronbach_alpha",
    "entropy_weights",
    "flow_matrix",
    "gini",
    "grade",
    "herfindahl",
    "location_quotient",
    "layout",
    "net_flows",
    "participation",
    "pca",
    "rank_mobility",
    "revealed_advantage",
    "saltelli_design",
    "sensitivity_indices",
    "strengths_weaknesses",
    "subsystem_scores",
    "summary_stats",
    "theil",
    "theil_decomposition",
    "AGGREGATION_METHODS",
    "NORMALISE_METHODS",
    "TREAT_PRESETS",
    "CompositeIndex",
    "Framework",
    "aggregate",
    "aggregate_matrix",
    "build_panel",
    "check_idata",
    "check_skew_kurt",
    "copeland",
    "data_availability",
    "denominate",
    "effective_weights",
    "impute",
    "impute_panel",
    "indicator_frame",
    "kurt",
    "load_spec",
    "noisy_weights",
    "normalise",
    "normalise_panel",
    "optimise_weights",
    "outrank_matrix",
    "pca_weights",
    "rank_desc",
    "renormalise",
    "screen_units",
    "skew",
    "treat",
    "treat_vector",
    "winsorise",
]

#: Where each public name is defined; :func:`__getattr__` imports it from there.
_EXPORTS: dict[str, str] = {
    "AGGREGATION_METHODS": "aggregate",
    "aggregate": "aggregate",
    "aggregate_matrix": "aggregate",
    "copeland": "aggregate",
    "outrank_matrix": "aggregate",
    "compare_ranks": "analysis",
    "correlations": "analysis",
    "cronbach_alpha": "analysis",
    "pca": "analysis",
    "strengths_weaknesses": "analysis",
    "summary_stats": "analysis",
    "CCD_VARIANTS": "ccd",
    "coupling_coordination": "ccd",
    "coupling_degree": "ccd",
    "entropy_weights": "ccd",
    "grade": "ccd",
    "subsystem_scores": "ccd",
    "kurt": "coinr_stats",
    "rank_desc": "coinr_stats",
    "skew": "coinr_stats",
    "denominate": "denominate",
    "Framework": "framework",
    "impute": "impute",
    "impute_panel": "impute",
    "coefficient_of_variation": "inequality",
    "gini": "inequality",
    "herfindahl": "inequality",
    "location_quotient": "inequality",
    "rank_mobility": "inequality",
    "revealed_advantage": "inequality",
    "theil": "inequality",
    "theil_decomposition": "inequality",
    "build_graph": "networks",
    "centrality_table": "networks",
    "communities": "networks",
    "core_periphery": "networks",
    "flow_matrix": "networks",
    "net_flows": "networks",
    "layout": "networks",
    "participation": "networks",
    "NORMALISE_METHODS": "normalise",
    "normalise": "normalise",
    "normalise_panel": "normalise",
    "CompositeIndex": "pipeline",
    "build_panel": "pipeline",
    "load_spec": "pipeline",
    "data_availability": "screen",
    "screen_units": "screen",
    "TREAT_PRESETS": "treat",
    "check_skew_kurt": "treat",
    "treat": "treat",
    "treat_vector": "treat",
    "winsorise": "treat",
    "UncertaintyAnalysis": "uncertainty",
    "saltelli_design": "uncertainty",
    "sensitivity_indices": "uncertainty",
    "check_idata": "unit_data",
    "indicator_frame": "unit_data",
    "effective_weights": "weights",
    "noisy_weights": "weights",
    "optimise_weights": "weights",
    "pca_weights": "weights",
    "renormalise": "weights",
}


def __getattr__(name: str) -> Any:
    """Import the submodule that defines ``name`` on first use (PEP 562): importing one
    submodule, as the CLI does, does not load pandas and scipy."""
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """This package's module type. Some functions share their submodule's name
    (``aggregate``, ``normalise``, ``treat``, ...); when the import system binds such a
    submodule to the package, the function keeps the name, as when the package
    imported everything at once."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _EXPORTS.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
