"""SAM's ``Models`` on an ``AWS::Serverless::Api`` and ``RequestModel`` on its Api events.

SAM writes each model into the API's definitions under its lowercased name, and
an event's ``RequestModel`` becomes the method's ``application/json`` request
model. ``ValidateBody`` / ``ValidateParameters`` (either given; the other then
false) attach one of the request validators SAM names ``body-only``,
``params-only`` or ``body-and-params``.
"""

from __future__ import annotations

import json
from typing import Any

from ..loader import TemplateError

_VALIDATOR_NAMES = {(True, True): "body-and-params", (True, False): "body-only", (False, True): "params-only"}


class RequestModels:
    """The API's models, made anew on each deploy, and the validators methods name."""

    def __init__(self, client: Any, api_id: str, logical_id: str, models: dict[str, Any] | None) -> None:
        self.client = client
        self.api_id = api_id
        self.logical_id = logical_id
        self.names = {str(name).lower() for name in (models or {})}
        self._validators: dict[str, str] = {}
        existing = {model["name"] for model in client.get_models(restApiId=api_id, limit=500).get("items", [])}
        for name, schema in (models or {}).items():
            if not isinstance(schema, dict):
                raise TemplateError(f"{logical_id}: Models.{name} must be a JSON schema object")
            # The methods that used the old model are gone (the API's resources were cleared first).
            if name.lower() in existing:
                client.delete_model(restApiId=api_id, modelName=name.lower())
            client.create_model(
                restApiId=api_id, name=name.lower(), contentType="application/json", schema=json.dumps(schema)
            )

    def put_method_params(self, request_model: dict[str, Any] | None, where: str) -> dict[str, Any]:
        """``requestModels`` and ``requestValidatorId`` for a method whose event has this RequestModel."""
        if not request_model:
            return {}
        name = str(request_model.get("Model", "")).lower()
        if name not in self.names:
            raise TemplateError(f"{self.logical_id}: {where} names model {request_model.get('Model')!r}, which Models does not define")
        params: dict[str, Any] = {"requestModels": {"application/json": name}}
        body, parameters = request_model.get("ValidateBody"), request_model.get("ValidateParameters")
        if body is not None or parameters is not None:
            validator = _VALIDATOR_NAMES.get((bool(body), bool(parameters)))
            if validator is not None:
                params["requestValidatorId"] = self._validator(validator, bool(body), bool(parameters))
        return params

    def _validator(self, name: str, body: bool, parameters: bool) -> str:
        if name not in self._validators:
            found = self.client.get_request_validators(restApiId=self.api_id, limit=500).get("items", [])
            existing = next((item["id"] for item in found if item.get("name") == name), None)
            if existing is None:
                existing = self.client.create_request_validator(
                    restApiId=self.api_id, name=name, validateRequestBody=body, validateRequestParameters=parameters
                )["id"]
            self._validators[name] = existing
        return self._validators[name]
