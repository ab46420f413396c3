"""Benchmarks: python -m wick.bench.mcu (simulated Cortex-M against CMSIS-NN)."""
