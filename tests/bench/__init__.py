"""Benchmarks: a seeded synthetic corpus and one report of every speed and accuracy figure."""
