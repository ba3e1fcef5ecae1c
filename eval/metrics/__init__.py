"""Metric functions: each takes one question's response (and what it needs) and returns plain values."""
