"""Start Home Assistant 2026.2.3 on Python 3.13.0, relaxing only its Python version check.

HA 2026.2.3 asks for Python >= 3.13.2 in ``validate_python`` and refuses to start on 3.13.0,
on which it runs fine (checked). This launcher lowers that one requirement, then hands over to
HA's own ``main()`` with the command line unchanged.
"""

from __future__ import annotations

import sys

from homeassistant import __main__ as ha_main

# validate_python() reads this name from HA's __main__ module; nothing else is changed.
ha_main.REQUIRED_PYTHON_VER = (3, 13, 0)  # type: ignore[attr-defined]  # re-imported name

if __name__ == "__main__":
    sys.exit(ha_main.main())
