"""The documents' examples as a test suite both the client and the simulator must pass."""
