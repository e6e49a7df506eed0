"""Shared fixtures.

The repository's ``custom_components`` package is imported here, before Home Assistant's test
harness runs, so that Home Assistant finds this integration rather than the ``custom_components``
package bundled with pytest-homeassistant-custom-component.
"""

import pytest

import custom_components.axis_thermometry  # noqa: F401


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load integrations from custom_components/ in every test."""
