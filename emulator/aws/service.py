"""A service: a botocore model bound to the provider that implements it.

A provider is a plain object with one method per AWS operation, named as
botocore names it in Python (``ListTables`` -> ``list_tables``), taking
``(ctx, params)`` and returning the output members as a dict; it may be a
coroutine function. Operations the provider lacks answer
``UnknownOperationException`` (501) naming the operation. A provider may
declare a ``validation_style`` (see ``wording.ValidationStyle``) for the
wording of model constraint violations its service uses, and ``early_checks``
(operation name -> check of its params) for values AWS refuses in the
service's own words before the model's constraints are checked.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .context import RequestContext
from .errors import CustomError, NotImplementedYet, ValidationException
from .spec import service_model
from .type_errors import DynamoDBTypeErrors
from .validate import ShapeValidator
from .wording import EnumRule, ValidationStyle

if TYPE_CHECKING:  # botocore is imported with the first model, after start-up
    from botocore.model import OperationModel, ServiceModel

Handler = Callable[[RequestContext, dict[str, Any]], Any]


def _printed(values: str) -> EnumRule:
    """An enum value set in the order AWS's message prints it (copied from recorded answers)."""
    return EnumRule(listed=tuple(values.split(", ")))


#: How services other than Coral's default word model constraint violations.
VALIDATION_STYLES: dict[str, ValidationStyle] = {
    # REST API Gateway: Coral's ValidationException, body members named under
    # the operation's input, and its own order of some enum value sets.
    "apigateway": ValidationStyle(
        names_input_structure=True,
        number_class="com.amazon.coral.value.json.numbers.TruncatingBigNumber",
        enum_rules={
            "IntegrationType": _printed("HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS"),
            "ApiKeySourceType": _printed("AUTHORIZER, HEADER"),
            "EndpointType": _printed("PRIVATE, EDGE, REGIONAL"),
            "Op": _printed("add, remove, move, test, replace, copy"),
            "DocumentationPartType": _printed(
                "RESPONSE_BODY, RESPONSE, METHOD, MODEL, AUTHORIZER, RESPONSE_HEADER, RESOURCE, PATH_PARAMETER, "
                "REQUEST_BODY, QUERY_PARAMETER, API, REQUEST_HEADER"
            ),
            "GatewayResponseType": _printed(
                "REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, AUTHORIZER_CONFIGURATION_ERROR, MISSING_AUTHENTICATION_TOKEN, "
                "BAD_REQUEST_BODY, INVALID_SIGNATURE, INVALID_API_KEY, BAD_REQUEST_PARAMETERS, AUTHORIZER_FAILURE, "
                "UNAUTHORIZED, INTEGRATION_TIMEOUT, ACCESS_DENIED, DEFAULT_4XX, DEFAULT_5XX, WAF_FILTERED, "
                "QUOTA_EXCEEDED, THROTTLED, API_CONFIGURATION_ERROR, UNSUPPORTED_MEDIA_TYPE, INTEGRATION_FAILURE, "
                "EXPIRED_TOKEN"
            ),
        },
    ),
    # DynamoDB: Coral's wording, with AWS's own order of these enum value sets
    # (as dynalite's and other projects' AWS-recorded tests print them), and its newer reader's
    # type errors (Streams shares its front end).
    "dynamodbstreams": ValidationStyle(type_errors=DynamoDBTypeErrors()),
    "dynamodb": ValidationStyle(
        type_errors=DynamoDBTypeErrors(),
        enum_rules={
            "Select": _printed("SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES"),
            "ReturnValue": _printed("ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW"),
            "ConditionalOperator": _printed("OR, AND"),
            "ComparisonOperator": _printed(
                "IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS"
            ),
            "ScalarAttributeType": _printed("B, N, S"),
            "ProjectionType": _printed("ALL, INCLUDE, KEYS_ONLY"),
        },
    ),
    # apigatewayv2's model declares no ValidationException: its errors are BadRequestException.
    "apigatewayv2": ValidationStyle(error_code="BadRequestException"),
}


@dataclass(slots=True)
class Operation:
    name: str
    model: OperationModel
    handler: Handler | None
    is_async: bool


class Service:
    """Everything the protocol layer needs to call one service's operations."""

    def __init__(
        self,
        name: str,
        provider: object,
        *,
        error_namespace: str | None = None,
        opaque_shapes: frozenset[str] = frozenset(),
        validation: ValidationStyle | None = None,
        add_crc32: bool = False,
        settle: Callable[[], Awaitable[None] | None] | None = None,
    ) -> None:
        self.name = name
        self.provider = provider
        from botocore import xform_name

        self.model: ServiceModel = service_model(name)
        #: json 1.0 services prefix ``__type`` with their namespace, e.g.
        #: ``com.amazonaws.dynamodb.v20120810#ResourceNotFoundException``.
        self.error_namespace = error_namespace
        #: DynamoDB answers with an ``x-amz-crc32`` header that boto3 verifies.
        self.add_crc32 = add_crc32
        #: Awaited after a successful operation, before the answer is sent:
        #: DynamoDB's group commit, so an acknowledged write is on disk.
        self.settle = settle
        # The style given here, else the provider's own ``validation_style``
        # (Lambda's runtime wording lives with Lambda), else the table's.
        style = (
            validation
            or getattr(provider, "validation_style", None)
            or VALIDATION_STYLES.get(name)
            or ValidationStyle()
        )
        if self.model.protocol == "json":
            style = dataclasses.replace(style, epoch_timestamps=True)
        self.validator = ShapeValidator(opaque_shapes, style)
        self.early_checks: dict[str, Callable[[dict[str, Any]], None]] = getattr(provider, "early_checks", {})
        self.validation_error_code = style.error_code
        self.operations: dict[str, Operation] = {}
        for op_name in self.model.operation_names:
            handler = getattr(provider, xform_name(op_name), None)
            self.operations[op_name] = Operation(
                op_name,
                self.model.operation_model(op_name),
                handler,
                inspect.iscoroutinefunction(handler),
            )

    def validate(self, operation: Operation, params: dict[str, Any]) -> None:
        early = self.early_checks.get(operation.name)
        if early is not None:
            early(params)
        try:
            self.validator.validate(operation.model.input_shape, params, operation.name)
        except ValidationException as error:
            if self.validation_error_code == "ValidationException":
                raise
            raise CustomError(self.validation_error_code, error.message) from None
        if operation.handler is None:
            raise NotImplementedYet(f"The operation {operation.name} is not supported by the emulator yet.")

    async def call(self, operation: Operation, ctx: RequestContext, params: dict[str, Any]) -> Any:
        """Validate and run an operation; raises ``AwsError`` on bad input."""
        self.validate(operation, params)
        assert operation.handler is not None
        if operation.is_async:
            result = await operation.handler(ctx, params)
        else:
            result = operation.handler(ctx, params)
        if self.settle is not None:
            waiter = self.settle()
            if waiter is not None:
                await waiter
        return result
