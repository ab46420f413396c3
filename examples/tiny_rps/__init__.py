"""Tiny Rock-Paper-Scissors, end to end (docs: ../shared/docs/tiny-rps.md).

    glyphs.py    the R, P and S masks, rendered once from a fixed font
    render.py    one noisy letter image (the recipe's augmentations), shared
                 algorithm with the firmware's renderer (firmware/render.cpp)
    dataset.py   the deterministic training and validation sets
    train.py     TinyRPS with Adam, best-validation checkpoint
    export.py    fp32 and int8 (calibrated) .pte programs
    evaluate.py  both programs through Wick's C++ runtime: metrics, confusion matrices
    play.py      the game firmware on the simulated Cortex-M55 (QEMU)

``./wick demo`` (python/wick/demo.py) runs them in order, caching finished steps.
"""
