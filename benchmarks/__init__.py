"""Benchmarks of newscrawl: scripts that print their figures, not tests."""
