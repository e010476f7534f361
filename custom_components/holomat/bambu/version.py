"""What a printer's ``get_version`` answer and serial number tell: firmware, model, AMS kinds.

Sources: ``holomat_dev/recordings/x1c_get_version.json`` (module ``ota`` carries the firmware and
the product name; ``ams/N``, ``n3f/N``, ``n3s/N`` are AMS units) and the community's list of
project names and serial prefixes (OpenBambuAPI).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from .models import PrinterModel


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """What ``info.get_version`` tells: firmware, model and the kind of each AMS unit.

    ``ams_kinds`` maps an AMS unit id to ``ams``, ``ams_lite``, ``ams_2_pro`` or ``ams_ht`` (module
    names ``ams/N``, ``ams_f1/N``, ``n3f/N``, ``n3s/N`` in ``x1c_get_version.json``).
    """

    firmware_version: str | None = None
    product_name: str | None = None
    model: PrinterModel | None = None
    ams_kinds: dict[int, str] = field(default_factory=dict)


_AMS_MODULES: Final[dict[str, str]] = {
    "ams": "ams",
    "ams_f1": "ams_lite",
    "n3f": "ams_2_pro",
    "n3s": "ams_ht",
}
# Product names as printers report them, most specific first; project names of older firmware.
_PRODUCT_MODELS: Final[tuple[tuple[str, PrinterModel], ...]] = (
    ("x1-carbon", PrinterModel.X1C),
    ("x1 carbon", PrinterModel.X1C),
    ("x1c", PrinterModel.X1C),
    ("x1e", PrinterModel.X1E),
    ("x1", PrinterModel.X1),
    ("p1s", PrinterModel.P1S),
    ("p1p", PrinterModel.P1P),
    ("a1 mini", PrinterModel.A1_MINI),
    ("a1", PrinterModel.A1),
)
_PROJECT_MODELS: Final[dict[str, PrinterModel]] = {
    "N1": PrinterModel.A1_MINI,
    "N2S": PrinterModel.A1,
    "C11": PrinterModel.P1P,
    "C12": PrinterModel.P1S,
    "C13": PrinterModel.X1E,
    "BL-P001": PrinterModel.X1C,
    "BL-P002": PrinterModel.X1,
}
# Serial number prefixes, for the model before ``get_version`` answers.
_SERIAL_MODELS: Final[dict[str, PrinterModel]] = {
    "00M": PrinterModel.X1C,
    "00W": PrinterModel.X1,
    "03W": PrinterModel.X1E,
    "01S": PrinterModel.P1P,
    "01P": PrinterModel.P1S,
    "030": PrinterModel.A1_MINI,
    "039": PrinterModel.A1,
}


def model_from_serial(serial: str) -> PrinterModel | None:
    """Guess the model from the serial number's prefix (``01P…`` is a P1S), if known."""
    return _SERIAL_MODELS.get(serial[:3].upper())


def parse_version(info: Mapping[str, Any]) -> VersionInfo:
    """Parse an ``info`` answer to ``get_version``; unknown or malformed modules are skipped."""
    modules = info.get("module")
    if not isinstance(modules, list):
        return VersionInfo()
    firmware = product = None
    model: PrinterModel | None = None
    kinds: dict[int, str] = {}
    for module in modules:
        if not isinstance(module, Mapping) or not isinstance(name := module.get("name"), str):
            continue
        if name == "ota":
            firmware = str_or_none(module.get("sw_ver"))
            product = str_or_none(module.get("product_name"))
            model = _model_from_product(product) or _PROJECT_MODELS.get(
                str(module.get("project_name") or module.get("hw_ver") or "")
            )
        elif "/" in name:
            prefix, _, number = name.partition("/")
            if prefix in _AMS_MODULES and number.isdigit():
                kinds[int(number)] = _AMS_MODULES[prefix]
    return VersionInfo(firmware, product, model, kinds)


def _model_from_product(product: str | None) -> PrinterModel | None:
    """Return the model a product name ("Bambu Lab X1-Carbon") stands for."""
    if not product:
        return None
    lowered = product.lower()
    return next((model for name, model in _PRODUCT_MODELS if name in lowered), None)


def str_or_none(value: Any) -> str | None:
    """Return a non-empty string, else ``None``."""
    return value if isinstance(value, str) and value else None
