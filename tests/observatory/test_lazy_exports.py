"""The package loads its submodules on first use, and still exports functions, not modules."""

from __future__ import annotations

import subprocess
import sys


def test_exports_are_functions_whatever_loaded_first() -> None:
    code = (
        "import sys, types\n"
        "import innofield.observatory as obs\n"
        "assert 'pandas' not in sys.modules, 'the package loaded pandas on import'\n"
        "import innofield.observatory.pipeline\n"  # loads aggregate, normalise, ... first
        "from innofield.observatory import aggregate, denominate, impute, normalise, treat\n"
        "for f in (aggregate, denominate, impute, normalise, treat):\n"
        "    assert callable(f) and not isinstance(f, types.ModuleType), f\n"
        "assert all(getattr(obs, name) is not None for name in obs.__all__)\n"
        "from innofield.observatory.aggregate import copeland\n"
        "assert obs.copeland is copeland\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
