"""Helpers shared by tests and the fault scripts under bench/."""
