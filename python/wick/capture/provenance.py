"""Where each captured node came from: module path and model source line.

While make_fx traces, forward hooks keep a stack of the active submodules, and
node creation is intercepted to stamp ``node.meta["wick_provenance"]`` with the
innermost active module and the innermost stack frame that belongs to model
code (not to torch, functorch or wick's own capture machinery). Errors later in
the pipeline quote this so the user sees the line of *their* model.
"""

from __future__ import annotations

import contextlib
import dataclasses
import linecache
import os
import sys
import traceback
from typing import Iterator, List, Optional

import torch
from torch.fx.experimental.proxy_tensor import PythonKeyTracer

PROVENANCE_KEY = "wick_provenance"


def _package_dir(module) -> str:
    return os.path.dirname(os.path.abspath(module.__file__)) + os.sep


def _internal_dirs() -> tuple:
    import functorch

    dirs = [_package_dir(torch), _package_dir(functorch), os.path.dirname(os.path.abspath(__file__)) + os.sep]
    # wick's export entry points sit on the stack around every traced call.
    dirs.append(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "export") + os.sep)
    dirs.append(os.path.dirname(os.path.abspath(contextlib.__file__)) + os.sep + "contextlib.py")
    return tuple(dirs)


_INTERNAL = None


def is_model_frame(filename: str) -> bool:
    """True when ``filename`` is user/model code rather than tracing machinery."""
    global _INTERNAL
    if _INTERNAL is None:
        _INTERNAL = _internal_dirs()
    if filename.startswith("<"):
        return False
    path = os.path.abspath(filename)
    return not any(path.startswith(d) for d in _INTERNAL)


@dataclasses.dataclass(frozen=True)
class Provenance:
    """Origin of one graph node: owning module and the model line that made it."""

    module_path: str
    module_type: str
    filename: Optional[str]
    lineno: Optional[int]
    code: Optional[str]

    def location(self) -> str:
        if self.filename is None:
            return "<unknown source>"
        return f"{self.filename}:{self.lineno}"

    def describe(self) -> str:
        module = self.module_path or "<root>"
        text = f"{module} ({self.module_type}) at {self.location()}"
        if self.code:
            text += f": {self.code}"
        return text


UNKNOWN = Provenance("", "?", None, None, None)


def innermost_model_frame(frames) -> Optional[traceback.FrameSummary]:
    """Last (innermost) frame of a traceback.StackSummary that is model code."""
    for frame in reversed(list(frames)):
        if is_model_frame(frame.filename):
            return frame
    return None


def _current_model_frame():
    frame = sys._getframe(1)
    while frame is not None:
        if is_model_frame(frame.f_code.co_filename):
            return frame.f_code.co_filename, frame.f_lineno
        frame = frame.f_back
    return None, None


class ProvenanceRecorder:
    """Tracks the active submodule stack of ``root`` and stamps created nodes."""

    def __init__(self, root: torch.nn.Module):
        self._names = {id(m): (name, type(m).__name__) for name, m in root.named_modules()}
        self._stack: List[tuple] = [("", type(root).__name__)]
        self._handles = []

    def current(self) -> Provenance:
        path, kind = self._stack[-1]
        filename, lineno = _current_model_frame()
        code = linecache.getline(filename, lineno).strip() if filename else None
        return Provenance(path, kind, filename, lineno, code or None)

    def current_module(self) -> tuple:
        return self._stack[-1]

    def _pre_hook(self, module, _inputs):
        entry = self._names.get(id(module))
        if entry is not None:
            self._stack.append(entry)

    def _post_hook(self, module, _inputs, _outputs):
        if id(module) in self._names and len(self._stack) > 1:
            self._stack.pop()

    @contextlib.contextmanager
    def recording(self, root: torch.nn.Module) -> Iterator["ProvenanceRecorder"]:
        """Hooks on every submodule of ``root`` and node stamping, for the duration of the block."""
        recorder = self
        original_create_node = PythonKeyTracer.create_node

        def create_node(tracer, *args, **kwargs):
            node = original_create_node(tracer, *args, **kwargs)
            if node.op == "call_function":
                node.meta[PROVENANCE_KEY] = recorder.current()
            return node

        for module in root.modules():
            if module is root:
                continue
            self._handles.append(module.register_forward_pre_hook(self._pre_hook))
            self._handles.append(module.register_forward_hook(self._post_hook))
        PythonKeyTracer.create_node = create_node
        try:
            yield self
        finally:
            PythonKeyTracer.create_node = original_create_node
            for handle in self._handles:
                handle.remove()
            self._handles.clear()


def provenance_of(node: torch.fx.Node) -> Provenance:
    return node.meta.get(PROVENANCE_KEY, UNKNOWN)
