"""Wick: run ExecuTorch-format programs on Cortex-M; export PyTorch models to .pte."""

__all__ = []
