"""Tests of the VAPIX client against the simulator."""
