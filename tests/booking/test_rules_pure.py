"""The pure rules modules (booking and voucher rules, intervals, core errors) import no
Django, though their messages are translated once Django is set up."""

from __future__ import annotations

import subprocess
import sys


def test_the_rules_import_without_django() -> None:
    code = (
        "import sys, innofield.booking.rules, innofield.vouchers.rules; "
        "from innofield.core.errors import gettext; "
        "assert gettext('every day') == 'every day'; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
