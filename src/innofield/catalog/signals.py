"""Hooks that other parts of the platform (the matching index) attach to.

These are explicit calls made by actions after a change, inside its transaction —
not Django model signals — so the order of effects is visible in the action.
Listeners must not change catalog state; they update derived data (search indexes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_item_listeners: list[Callable[[Any], None]] = []
_demand_listeners: list[Callable[[Any], None]] = []


def on_item_changed(listener: Callable[[Any], None]) -> None:
    """Register a function called with each created, updated or retired item."""
    if listener not in _item_listeners:
        _item_listeners.append(listener)


def on_demand_changed(listener: Callable[[Any], None]) -> None:
    """Register a function called with each created, updated or retired demand."""
    if listener not in _demand_listeners:
        _demand_listeners.append(listener)


def item_changed(item: Any) -> None:
    """Tell the listeners that ``item`` changed."""
    for listener in _item_listeners:
        listener(item)


def demand_changed(demand: Any) -> None:
    """Tell the listeners that ``demand`` changed."""
    for listener in _demand_listeners:
        listener(demand)
