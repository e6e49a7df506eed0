"""Tests for the Axis Thermometry integration."""
