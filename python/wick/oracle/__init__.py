"""A torch-based reference evaluator for `.pte` programs, independent of the Wick runtime."""

from .interpreter import Interpreter, evaluate, random_inputs, scalar_value, unsupported_operators
from .ops import HANDLERS, OpCall, lookup, operator_name, register
from .tensors import OracleError, tensor_from_bytes, tensor_to_bytes, torch_dtype

__all__ = [
    "Interpreter", "evaluate", "random_inputs", "scalar_value", "unsupported_operators",
    "HANDLERS", "OpCall", "lookup", "operator_name", "register",
    "OracleError", "tensor_from_bytes", "tensor_to_bytes", "torch_dtype",
]
