"""Every package of `wick` imports on its own, first, in a fresh interpreter: an import cycle
(e.g. wick.passes <-> wick.exir) only shows when the cycle's other end is not loaded yet."""

import os
import subprocess
import sys

import pytest

PACKAGES = ["wick.backends.tosa", "wick.bench", "wick.capture", "wick.exir", "wick.export",
            "wick.memory_planning", "wick.models", "wick.oracle", "wick.passes", "wick.pte",
            "wick.quantization", "wick.sim"]


@pytest.mark.parametrize("package", PACKAGES)
def test_package_imports_first(package, repo_root):
    env = dict(os.environ, PYTHONPATH=str(repo_root / "python"))
    done = subprocess.run([sys.executable, "-c", f"import {package}"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_every_package_is_listed(repo_root):
    root = repo_root / "python" / "wick"
    found = {"wick." + str(p.parent.relative_to(root)).replace(os.sep, ".") for p in root.glob("*/__init__.py")}
    found |= {"wick." + str(p.parent.relative_to(root)).replace(os.sep, ".") for p in root.glob("*/*/__init__.py")}
    assert found - {"wick.backends"} <= set(PACKAGES)
