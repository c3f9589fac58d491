"""Reading and writing catalog files (CSV and JSON) defensively.

Files are size-limited, decoded strictly as UTF-8 (a BOM is accepted) and parsed
into numbered rows; every problem names the file, the row and the field.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings

from innofield.core import csvsafe
from innofield.core.errors import FieldError, ValidationFailed

from .models import Demand, Item

ITEM_COLUMNS = [
    "id",
    "kind",
    "title",
    "description",
    "keywords",
    "classification",
    "owner",
    "region",
    "price_fen",
    "price_unit",
    "terms",
    "status",
    "trl",
    "details",
    "external_id",
    "source",
    "synthetic",
]
DEMAND_COLUMNS = [
    "id",
    "kind",
    "title",
    "description",
    "keywords",
    "classification",
    "owner",
    "region",
    "budget_fen",
    "deadline",
    "preferred_regions",
    "status",
    "details",
    "external_id",
    "synthetic",
]


def _limit(name: str, content: bytes) -> None:
    limit = settings.INNOFIELD_MAX_UPLOAD_BYTES
    if len(content) > limit:
        raise ValidationFailed(
            [
                FieldError(
                    "file", f"is {len(content):,} bytes; the limit is {limit:,} bytes", file=name
                )
            ]
        )


def read_rows(name: str, content: bytes) -> list[tuple[int, dict[str, Any]]]:
    """Parse a ``.csv`` or ``.json`` upload into ``(row number, record)`` pairs."""
    _limit(name, content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            [FieldError("file", f"is not UTF-8 (byte {exc.start})", file=name)]
        ) from None
    if name.lower().endswith(".json"):
        return _json_rows(name, text)
    if name.lower().endswith(".csv"):
        return _csv_rows(name, text)
    raise ValidationFailed([FieldError("file", "must end in .csv or .json", file=name)])


def _csv_rows(name: str, text: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise ValidationFailed([FieldError("file", "has no header row", file=name)])
    rows = []
    for record in reader:
        if None in record:
            raise ValidationFailed(
                [
                    FieldError(
                        "row", "has more cells than the header", row=reader.line_num, file=name
                    )
                ]
            )
        cleaned: dict[str, Any] = {
            k: csvsafe.unescape_cell(v)
            for k, v in record.items()
            if k and k != "id" and v not in (None, "")
        }
        if "synthetic" in cleaned:
            cleaned["synthetic"] = cleaned["synthetic"].strip().lower() in ("1", "true", "yes")
        rows.append((reader.line_num, cleaned))
    return rows


def _json_rows(name: str, text: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            [FieldError("file", f"is not valid JSON: {exc.msg}", row=exc.lineno, file=name)]
        ) from None
    except RecursionError:
        raise ValidationFailed(
            [FieldError("file", "is nested too deeply to read as JSON", file=name)]
        ) from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        raise ValidationFailed([FieldError("file", "must hold a JSON array of objects", file=name)])
    rows = []
    for number, record in enumerate(data, start=1):
        if not isinstance(record, dict):
            raise ValidationFailed(
                [FieldError("row", "is not a JSON object", row=number, file=name)]
            )
        rows.append((number, {k: v for k, v in record.items() if k != "id"}))
    return rows


def item_record(item: Item) -> dict[str, Any]:
    """An item as a plain record in the import format (so exports re-import)."""
    return {
        "id": item.pk,
        "kind": item.kind,
        "title": item.title,
        "description": item.description,
        "keywords": item.keywords,
        "classification": item.classification,
        "owner": item.owner.code,
        "region": item.region.code,
        "price_fen": item.price_fen,
        "price_unit": item.price_unit,
        "terms": item.terms,
        "status": item.status,
        "trl": item.trl,
        "details": item.details,
        "external_id": item.external_id,
        "source": item.source,
        "synthetic": item.synthetic,
    }


def demand_record(demand: Demand) -> dict[str, Any]:
    """A demand as a plain record in the import format."""
    return {
        "id": demand.pk,
        "kind": demand.kind,
        "title": demand.title,
        "description": demand.description,
        "keywords": demand.keywords,
        "classification": demand.classification,
        "owner": demand.owner.code,
        "region": demand.region.code,
        "budget_fen": demand.budget_fen,
        "deadline": demand.deadline.isoformat() if demand.deadline else None,
        "preferred_regions": [r.code for r in demand.preferred_regions.all()],
        "status": demand.status,
        "details": demand.details,
        "external_id": demand.external_id,
        "synthetic": demand.synthetic,
    }


def write_csv(records: Iterable[dict[str, Any]], columns: list[str]) -> str:
    """Records as CSV: lists joined with ``;``, details as JSON, formula-like text neutralised
    (:mod:`.csvsafe`)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for record in records:
        row = {}
        for key, value in record.items():
            if isinstance(value, list):
                value = "; ".join(map(str, value))
            elif isinstance(value, dict):
                value = json.dumps(value, ensure_ascii=False)
            row[key] = "" if value is None else value
        writer.writerow(csvsafe.safe_row(row))
    return out.getvalue()


def write_json(records: Iterable[dict[str, Any]]) -> str:
    """Records as a JSON array."""
    return json.dumps(list(records), ensure_ascii=False, indent=1)
