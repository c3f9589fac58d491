"""Every registered lifecycle is consistent, and the machine helper refuses what it should."""

from __future__ import annotations

import pytest

from innofield.core.errors import Conflict
from innofield.core.machine import START, IllegalTransition, Machine, register, registered

# Django is set up before collection, so every app's models (which name their states as
# choices, from their machine) are imported and their machines registered.
MACHINES = registered()


def test_the_apps_machines_are_registered() -> None:
    assert {"booking", "listing", "deal", "milestone", "objection"} <= set(MACHINES)
    assert {"booking invoice", "voucher grant", "voucher redemption"} <= set(MACHINES)


def test_voucher_statuses_are_their_machines_states() -> None:
    from innofield.vouchers import models

    for model, machine in models.MACHINES.items():
        assert set(getattr(models, model).Status.values) == set(machine.states()), model


@pytest.mark.parametrize("name", sorted(MACHINES))
def test_registered_machine_is_consistent(name: str) -> None:
    machine = MACHINES[name]
    assert machine.check() == []
    assert machine.final is not None, "declare the final states so that check() can verify them"
    for state in machine.final_states():
        with pytest.raises(IllegalTransition, match="none \\(final state\\)"):
            machine.advance(state, machine.transitions()[0])


ORDER = {
    START: {"place": "placed"},
    "placed": {"pay": "paid", "cancel": "cancelled"},
    "paid": {"ship": "shipped"},
    "shipped": {},
    "cancelled": {},
}


def test_advance_names_machine_state_transition_and_allowed_ones() -> None:
    order = Machine("order", ORDER, final=frozenset({"shipped", "cancelled"}))
    assert order.start("place") == "placed" and order.advance("placed", "pay") == "paid"
    with pytest.raises(Conflict) as info:
        order.advance("paid", "cancel")
    assert info.value.status == 409
    assert str(info.value) == (
        "cannot cancel a order in state 'paid'; allowed transitions from 'paid': ship"
    )
    assert isinstance(info.value, IllegalTransition) and info.value.allowed == ("ship",)
    with pytest.raises(IllegalTransition, match="allowed transitions from 'nowhere': none"):
        order.advance("nowhere", "pay")
    assert order.states() == ("placed", "paid", "shipped", "cancelled")
    assert order.transitions() == ("place", "pay", "cancel", "ship")
    assert order.check() == []


@pytest.mark.parametrize(
    ("table", "final", "problem"),
    [
        ({**ORDER, "paid": {"ship": "shiped"}}, None, "'shiped', which is not a state"),
        ({**ORDER, "paid": {"undo": START}}, None, "'(new)', which is not a state"),
        ({**ORDER, START: {}}, None, "start state '(new)' has no transitions"),
        ({**ORDER, "lost": {"find": "placed"}}, None, "state 'lost' cannot be reached"),
        (ORDER, {"shipped", "cancelled", "paid"}, "final state 'paid' has exits (ship)"),
        (ORDER, {"shipped"}, "'cancelled' has no exits but is not declared final"),
        (ORDER, {"shipped", "cancelled", "gone"}, "final state 'gone' is not in the table"),
        (
            {**ORDER, "paid": {"hold": "held"}, "held": {"release": "paid"}},
            None,
            "from state 'paid' no final state can be reached",
        ),
    ],
)
def test_check_finds_each_kind_of_inconsistency(
    table: dict[str, dict[str, str]], final: set[str] | None, problem: str
) -> None:
    machine = Machine("order", table, final=None if final is None else frozenset(final))
    assert any(problem in p for p in machine.check()), machine.check()


def test_handlers_run_per_transition_and_not_for_an_illegal_one() -> None:
    done: list[str] = []
    order = Machine(
        "order",
        ORDER,
        handlers={"pay": lambda amount: done.append(f"paid {amount}") or amount},
    )
    assert order.fire("placed", "pay", 30) == ("paid", 30)
    assert order.fire("paid", "ship") == ("shipped", None)  # no handler: it only moves
    with pytest.raises(IllegalTransition):
        order.fire("shipped", "pay", 40)
    assert done == ["paid 30"]
    typo = Machine("order", ORDER, handlers={"pya": print})
    assert "handler for unknown transition 'pya'" in typo.check()[0]


def test_register_refuses_a_different_machine_under_a_taken_name() -> None:
    booking = MACHINES["booking"]
    assert register(Machine("booking", booking.table, final=booking.final)) is not None
    with pytest.raises(ValueError, match="already registered as 'booking'"):
        register(Machine("booking", ORDER))
    assert registered()["booking"] is not None
