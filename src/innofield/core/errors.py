"""Errors raised by actions; the API, CLI and views turn them into clear messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

_translate: Callable[[str], str] = str


def gettext(message: str) -> str:
    """``message`` in the active language once the application installed a translator
    (Django's ``gettext``, see ``core.apps``), unchanged before that. Pure modules (rules)
    mark their messages with it, so they stay importable without Django and their
    messages still reach the catalogue and people in their language."""
    return _translate(message)


def use_translator(translate: Callable[[str], str]) -> None:
    """Translate the messages of :func:`gettext` with ``translate`` from now on."""
    global _translate
    _translate = translate


@dataclass(frozen=True)
class FieldError:
    """One problem with one field, optionally located in a file and row."""

    field: str
    reason: str
    row: int | None = None
    file: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The error as a JSON-ready dict without empty location parts."""
        return {k: v for k, v in asdict(self).items() if v is not None}

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.row) if p is not None)
        return f"{where + ': ' if where else ''}{self.field}: {self.reason}"


class InnofieldError(Exception):
    """Base class of errors that carry a message meant for a person."""

    status = 400


class ValidationFailed(InnofieldError):
    """Input was invalid; ``errors`` lists every field that failed and why."""

    status = 422

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors[:5]))

    @classmethod
    def single(cls, field: str, reason: str) -> ValidationFailed:
        """A validation failure for one field."""
        return cls([FieldError(field, reason)])


class PermissionDenied(InnofieldError):
    """The acting user may not do this; ``reason`` says which rule forbids it."""

    status = 403


class NotAuthenticated(PermissionDenied):
    """The action needs a logged-in user (or an API token) and there is none."""

    status = 401


class NotFound(InnofieldError):
    """The object does not exist or is not visible to the acting user."""

    status = 404


class Conflict(InnofieldError):
    """The change conflicts with the current state (e.g. an illegal transition)."""

    status = 409


def shown(exc: InnofieldError) -> str:
    """What a page shows of ``exc``: every field named in the active language with its
    reason, a broken rule by its reason alone (the API keeps ``rule <name>:``). A money
    field is named without its ``_fen`` suffix (``amount_fen`` → "amount"): pages take yuan."""
    if isinstance(exc, ValidationFailed):
        return "; ".join(f"{gettext(_named(e.field))}: {e.reason}" for e in exc.errors[:5])
    reason = getattr(exc, "reason", None)
    return str(reason) if reason else str(exc)


def _named(field: str) -> str:
    return field.removesuffix("_fen") if field.endswith("_fen") and field != "_fen" else field
