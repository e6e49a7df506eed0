"""Constants for the Axis Thermometry integration."""

from typing import Final

DOMAIN: Final = "axis_thermometry"
