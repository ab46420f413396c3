"""Running Wick firmware on simulated Cortex-M boards (QEMU): see wick.sim.qemu."""
