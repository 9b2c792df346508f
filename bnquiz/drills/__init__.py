"""Coding drills: the user's own batch norm, run in a sandboxed child and judged in float64."""
