"""Graph passes of the edge stage, one per file; ``edge_passes()`` is the default order."""

from .base import GraphPass, PassResult
from .batch_norm_no_training import BatchNormNoTrainingPass
from .dedup_constants import DeduplicateConstantsPass
from .dim_order import DimOrderPass
from .fold_batch_norm import FoldBatchNormPass
from .fold_constant_transforms import FoldConstantTransformsPass
from .full_reductions import FullReductionsPass
from .out_variants import OUT_VARIANT_KEY, OutVariant, OutVariantPass, out_variant_of
from .remove_noops import RemoveNoOpsPass
from .scalar_overloads import ScalarOverloadsPass
from .validate_supported import UnsupportedOperatorError, ValidateSupportedOpsPass
from .views_to_copy import ViewsToCopyPass


def edge_passes():
    """Rewrites from the captured aten graph to the edge graph, in order.

    Validation is separate (ValidateSupportedOpsPass) so callers can choose
    whether an unsupported operator is an error.
    """
    return [
        RemoveNoOpsPass(),
        ViewsToCopyPass(),
        FoldConstantTransformsPass(),
        FoldBatchNormPass(),
        BatchNormNoTrainingPass(),
        ScalarOverloadsPass(),
        FullReductionsPass(),
        DimOrderPass(),
        RemoveNoOpsPass(),
        DeduplicateConstantsPass(),
        OutVariantPass(),
    ]


__all__ = [
    "BatchNormNoTrainingPass",
    "DeduplicateConstantsPass",
    "DimOrderPass",
    "FoldBatchNormPass",
    "FoldConstantTransformsPass",
    "FullReductionsPass",
    "GraphPass",
    "OUT_VARIANT_KEY",
    "OutVariant",
    "OutVariantPass",
    "PassResult",
    "RemoveNoOpsPass",
    "ScalarOverloadsPass",
    "UnsupportedOperatorError",
    "ValidateSupportedOpsPass",
    "ViewsToCopyPass",
    "edge_passes",
    "out_variant_of",
]
