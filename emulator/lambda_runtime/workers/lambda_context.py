"""The ``context`` argument of a Python handler, shaped as the AWS Python runtime's.

Runs inside workers; imports nothing of the package.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any


class _Record:
    """An object whose attributes are a fixed set of fields, missing ones ``None``."""

    __slots__: tuple[str, ...] = ()

    def __init__(self, values: dict[str, Any]) -> None:
        for name in self.__slots__:
            setattr(self, name, values.get(name))

    def __repr__(self) -> str:
        fields = ",".join(f"{name}={getattr(self, name)}" for name in self.__slots__)
        return f"{type(self).__name__}([{fields}])"


class CognitoIdentity(_Record):
    __slots__ = ("cognito_identity_id", "cognito_identity_pool_id")

    @classmethod
    def of(cls, document: dict[str, Any] | None) -> CognitoIdentity:
        """From the invocation's ``cognitoIdentityId`` / ``cognitoIdentityPoolId`` (every invocation makes one)."""
        identity = cls.__new__(cls)
        if document:
            identity.cognito_identity_id = document.get("cognitoIdentityId")
            identity.cognito_identity_pool_id = document.get("cognitoIdentityPoolId")
        else:
            identity.cognito_identity_id = identity.cognito_identity_pool_id = None
        return identity


class Client(_Record):
    __slots__ = ("installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name")


class ClientContext(_Record):
    __slots__ = ("custom", "env", "client")


_ENVIRONMENT_FIELDS = (
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
)
_environment: tuple[str | None, ...] | None = None


def _environment_fields() -> tuple[str | None, ...]:
    """The context's fields from the environment, read once: they are fixed for an execution environment."""
    global _environment
    if _environment is None:
        _environment = tuple(os.environ.get(name) for name in _ENVIRONMENT_FIELDS)
    return _environment


class LambdaContext:
    def __init__(
        self,
        request_id: str,
        invoked_function_arn: str,
        deadline_ms: int,
        client_context: dict[str, Any] | None,
        cognito_identity: dict[str, Any] | None,
    ) -> None:
        self.aws_request_id = request_id
        self.invoked_function_arn = invoked_function_arn
        (
            self.log_group_name,
            self.log_stream_name,
            self.function_name,
            self.memory_limit_in_mb,  # a string, as the AWS runtime reads it from the environment
            self.function_version,
        ) = _environment or _environment_fields()  # the global alone once read: cheaper than a call
        self.tenant_id = None
        self.client_context: ClientContext | None = None
        if client_context is not None:
            self.client_context = ClientContext(client_context)
            if self.client_context.client is not None:
                self.client_context.client = Client(self.client_context.client)
        self.identity = CognitoIdentity.of(cognito_identity)
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self) -> int:
        return max(self._deadline_ms - int(time.time() * 1000), 0)

    def log(self, message: object) -> None:
        sys.stdout.write(str(message))

    def __repr__(self) -> str:
        return (
            f"LambdaContext([aws_request_id={self.aws_request_id},log_group_name={self.log_group_name},"
            f"log_stream_name={self.log_stream_name},function_name={self.function_name},"
            f"memory_limit_in_mb={self.memory_limit_in_mb},function_version={self.function_version},"
            f"invoked_function_arn={self.invoked_function_arn},client_context={self.client_context},"
            f"identity={self.identity},tenant_id={self.tenant_id}])"
        )
