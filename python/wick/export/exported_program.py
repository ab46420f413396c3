"""ExportedProgram: a captured graph with its constants and calling convention.

Constants (parameters, buffers, tensors created during tracing) live as
attributes of ``graph_module`` and are read with get_attr nodes; the graph's
placeholders are exactly the flattened user inputs. ``graph_signature`` keeps
the original fully qualified names.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Dict, List, Tuple

import torch
import torch.utils._pytree as pytree

from wick.capture import CapturedGraph


@dataclasses.dataclass
class InputSpec:
    """One graph input: kind is "user_input", "parameter", "buffer" or "constant"."""

    kind: str
    name: str  # placeholder name (user inputs) or GraphModule attribute (constants)
    target: str  # fully qualified name in the original model ("" for user inputs)


@dataclasses.dataclass
class ExportGraphSignature:
    input_specs: List[InputSpec]
    user_outputs: List[str]

    @property
    def user_inputs(self) -> List[str]:
        return [s.name for s in self.input_specs if s.kind == "user_input"]

    @property
    def parameters(self) -> List[str]:
        return [s.target for s in self.input_specs if s.kind == "parameter"]

    @property
    def buffers(self) -> List[str]:
        return [s.target for s in self.input_specs if s.kind == "buffer"]


class ExportedModule(torch.nn.Module):
    """Calls the graph with the model's own (args, kwargs) structure."""

    def __init__(self, program: "ExportedProgram"):
        super().__init__()
        self.graph_module = program.graph_module
        self._in_spec = program.in_spec
        self._out_spec = program.out_spec

    def forward(self, *args, **kwargs):
        flat, spec = pytree.tree_flatten((args, kwargs))
        if spec != self._in_spec:
            raise TypeError(f"inputs do not match the exported structure: got {spec}, expected {self._in_spec}")
        return pytree.tree_unflatten(list(self.graph_module(*flat)), self._out_spec)


class ExportedProgram:
    """Graph + constants + signature, as returned by ``wick.export.export``."""

    def __init__(self, graph_module, graph_signature, in_spec, out_spec, example_inputs, dialect="ATEN"):
        self.graph_module: torch.fx.GraphModule = graph_module
        self.graph_signature: ExportGraphSignature = graph_signature
        self.in_spec: pytree.TreeSpec = in_spec
        self.out_spec: pytree.TreeSpec = out_spec
        self.example_inputs: Tuple[Tuple[Any, ...], Dict[str, Any]] = example_inputs
        self.dialect = dialect

    @property
    def graph(self) -> torch.fx.Graph:
        return self.graph_module.graph

    @property
    def constants(self) -> Dict[str, torch.Tensor]:
        """GraphModule attribute name -> tensor, for every get_attr in the graph."""
        names = {n.target for n in self.graph.nodes if n.op == "get_attr"}
        return {name: getattr(self.graph_module, name) for name in sorted(names)}

    @property
    def state_dict(self) -> Dict[str, torch.Tensor]:
        """Original fully qualified name -> tensor, for the parameters and buffers still used."""
        constants = self.constants
        return {s.target: constants[s.name] for s in self.graph_signature.input_specs if s.name in constants and s.target}

    @property
    def flat_example_inputs(self) -> List[torch.Tensor]:
        return pytree.tree_flatten(self.example_inputs)[0]

    def module(self) -> torch.nn.Module:
        return ExportedModule(self)

    def __call__(self, *args, **kwargs):
        return self.module()(*args, **kwargs)

    def copy(self) -> "ExportedProgram":
        """A new program with its own graph; constant tensors are shared (passes never write them)."""
        graph = torch.fx.Graph()
        output = graph.graph_copy(self.graph, {})
        graph.output(output)
        root = torch.nn.Module()
        for name, tensor in self.graph_module.named_buffers():
            root.register_buffer(name, tensor)
        for node in graph.nodes:
            if node.op == "get_attr" and not hasattr(root, node.target):
                setattr(root, node.target, getattr(self.graph_module, node.target))
        graph_module = torch.fx.GraphModule(root, graph)
        signature = ExportGraphSignature(list(self.graph_signature.input_specs), list(self.graph_signature.user_outputs))
        return ExportedProgram(graph_module, signature, self.in_spec, self.out_spec, self.example_inputs, self.dialect)

    def __str__(self) -> str:
        return f"ExportedProgram({self.dialect}):\n{self.graph_module.code}"


def _attribute_name(fqn: str, taken: set) -> str:
    base = re.sub(r"[^0-9a-zA-Z_]", "_", fqn) or "constant"
    name, index = base, 0
    while name in taken:
        index += 1
        name = f"{base}_{index}"
    taken.add(name)
    return name


def from_captured(captured: CapturedGraph, example_inputs) -> ExportedProgram:
    """Turn state placeholders into get_attr constants and build the signature."""
    graph_module = captured.graph_module
    graph = graph_module.graph
    placeholders = [n for n in graph.nodes if n.op == "placeholder"]
    state_names = captured.parameter_names + captured.buffer_names
    taken = {name for name, _ in graph_module.named_buffers()} | {name for name, _ in graph_module.named_parameters()}
    specs: List[InputSpec] = []
    first_real = next((n for n in graph.nodes if n.op != "placeholder"), None)
    for node, fqn in zip(placeholders, state_names):
        attr = _attribute_name(fqn, taken)
        graph_module.register_buffer(attr, captured.state[fqn].detach())
        kind = "parameter" if fqn in captured.parameter_names else "buffer"
        specs.append(InputSpec(kind, attr, fqn))
        with graph.inserting_before(first_real):
            getter = graph.get_attr(attr)
        getter.meta.update(node.meta)
        node.replace_all_uses_with(getter)
        graph.erase_node(node)
    for node in placeholders[len(state_names):]:
        specs.append(InputSpec("user_input", node.name, ""))
    for node in graph.nodes:
        if node.op == "get_attr" and node.target.startswith("_tensor_constant"):
            specs.append(InputSpec("constant", node.target, ""))
    graph.lint()
    graph_module.recompile()
    output = next(n for n in graph.nodes if n.op == "output")
    outputs = [getattr(a, "name", str(a)) for a in pytree.tree_flatten(output.args[0])[0]]
    return ExportedProgram(graph_module, ExportGraphSignature(specs, outputs), captured.in_spec, captured.out_spec, example_inputs)
