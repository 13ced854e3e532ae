"""The operations CloudWatch Logs words input errors for as ValidationException, not InvalidParameterException.

The newer operations (deliveries, scheduled queries) list ValidationException among their errors and
not InvalidParameterException; AWS answers their model constraint violations with that code
(LocalStack's AWS-validated snapshot test_logs_delivery: a bad ``outputFormat``, its values listed in
AWS's own order). The service's validator words everything as InvalidParameterException, so these
operations are checked first, here, with a validator of the default style.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...aws.spec import service_model
from ...aws.validate import ShapeValidator
from ...aws.wording import EnumRule, ValidationStyle

#: The order AWS lists outputFormat's values in its error (the snapshot's, not the model's).
OUTPUT_FORMATS = ("w3c", "raw", "json", "plain", "parquet")

_VALIDATOR = ShapeValidator(
    style=ValidationStyle(epoch_timestamps=True, enum_rules={"OutputFormat": EnumRule(listed=OUTPUT_FORMATS)})
)


def validation_exception_checks() -> dict[str, Callable[[dict[str, Any]], None]]:
    """An early check for each operation whose model errors name ValidationException alone."""
    model = service_model("logs")
    checks: dict[str, Callable[[dict[str, Any]], None]] = {}
    for name in model.operation_names:
        operation = model.operation_model(name)
        errors = {error.name for error in operation.error_shapes}
        if "ValidationException" in errors and "InvalidParameterException" not in errors:
            checks[name] = _checker(operation)
    return checks


def _checker(operation: Any) -> Callable[[dict[str, Any]], None]:
    def check(params: dict[str, Any]) -> None:
        _VALIDATOR.validate(operation.input_shape, params, operation.name)

    return check
