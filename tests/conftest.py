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


@pytest.fixture(autouse=True)
def loopback_sockets(socket_enabled: None) -> None:
    """Allow sockets: tests talk HTTP to the simulator.

    pytest-homeassistant-custom-component keeps ``connect`` limited to 127.0.0.1, so nothing
    beyond loopback is reachable.
    """
