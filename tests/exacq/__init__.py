"""Tests of the HA-free exacqVision client against the simulated server."""
