"""bnquiz: learn batch normalization well enough to ace an interview on it."""

__version__ = "0.1.0"
