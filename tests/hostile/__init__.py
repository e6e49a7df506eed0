"""Hostile devices: attacks on the integration, and what must hold (see README.md)."""
