"""Benchmark, load and fault tests for Inflytande (`make bench`, `make loadtest`,
`make faulttest`). Not part of the application."""
