"""The database refuses overlapping holds of bookings that hold time.

PostgreSQL: an exclusion constraint over ``tstzrange(hold_start, hold_end)`` per
instrument (``btree_gist``). SQLite: triggers that abort an insert or update
creating an overlap; with immediate transactions writers are serialized, so the
trigger's check cannot race. Other databases get neither (the actions still check).
"""

from django.db import migrations

HOLDING = "('requested', 'confirmed', 'checked_in', 'completed')"

POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""ALTER TABLE booking_booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (
        instrument_id WITH =, tstzrange(hold_start, hold_end, '[)') WITH &&
    ) WHERE (status IN {HOLDING})""",
]
POSTGRES_DOWN = ["ALTER TABLE booking_booking DROP CONSTRAINT IF EXISTS booking_no_overlap"]

_SQLITE_CHECK = f"""
    WHEN NEW.status IN {HOLDING} AND EXISTS (
        SELECT 1 FROM booking_booking b
        WHERE b.instrument_id = NEW.instrument_id AND b.id IS NOT NEW.id
          AND b.status IN {HOLDING}
          AND b.hold_start < NEW.hold_end AND NEW.hold_start < b.hold_end)
    BEGIN SELECT RAISE(ABORT, 'booking_no_overlap: the time overlaps another booking'); END"""
SQLITE_UP = [
    f"CREATE TRIGGER booking_no_overlap_insert BEFORE INSERT ON booking_booking {_SQLITE_CHECK}",
    "CREATE TRIGGER booking_no_overlap_update BEFORE UPDATE OF "
    f"status, hold_start, hold_end, instrument_id ON booking_booking {_SQLITE_CHECK}",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS booking_no_overlap_insert",
    "DROP TRIGGER IF EXISTS booking_no_overlap_update",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("booking", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
