"""Models (JSON schemas) and request validators: CreateModel, GetModels, GetModelTemplate, CreateRequestValidator, ..."""

from __future__ import annotations

import json
from typing import Any

from ...aws.context import RequestContext
from ..ids import new_id
from .errors import BadRequestException, ConflictException, NotFoundException
from .model_template import model_template
from .pages import page
from .patch import BOOL, STR, apply_patch, refuse_empty, require_replace
from .store import RestApi, Store

#: The two models every new REST API starts with.
DEFAULT_MODELS = (
    {
        "name": "Empty",
        "description": "This is a default empty schema model",
        "schema": '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "Empty Schema",\n  "type" : "object"\n}',
        "contentType": "application/json",
    },
    {
        "name": "Error",
        "description": "This is a default error schema model",
        "schema": (
            '{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n  "title" : "Error Schema",\n  "type" : "object",\n'
            '  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}'
        ),
        "contentType": "application/json",
    },
)
_MODEL_FIELDS = {"description": STR, "schema": STR}
#: In the order AWS lists them when refusing a path.
_VALIDATOR_FIELDS = {"name": STR, "validateRequestParameters": BOOL, "validateRequestBody": BOOL}


def add_model(api: RestApi, params: dict[str, Any]) -> dict[str, Any]:
    name = params["name"]
    if not name:
        raise BadRequestException("Model name must be non-empty")
    if not name.isalnum():
        raise BadRequestException("Model name must be alphanumeric")
    if name in api.models:
        raise ConflictException("Model name already exists for this REST API")
    if not params.get("schema"):
        raise BadRequestException("Model schema must have at least 1 property or array items defined")
    model: dict[str, Any] = {
        "id": new_id(),
        "name": name,
        "contentType": params.get("contentType") or "application/json",
    }
    # An empty description is left out, as AWS leaves it out.
    for key in ("description", "schema"):
        if params.get(key):
            model[key] = params[key]
    api.models[name] = model
    return model


def add_request_validator(api: RestApi, params: dict[str, Any]) -> dict[str, Any]:
    validator = {
        "id": new_id(6),
        "name": params.get("name") or "",
        "validateRequestBody": bool(params.get("validateRequestBody", False)),
        "validateRequestParameters": bool(params.get("validateRequestParameters", False)),
    }
    api.request_validators[validator["id"]] = validator
    return validator


def _model(api: RestApi, name: str) -> dict[str, Any]:
    found = api.models.get(name)
    if found is None:
        raise NotFoundException(f"Invalid model name specified: {name}")
    return found


def _method_requesting(api: RestApi, model_name: str) -> str | None:
    """``<resource path>/<method>`` of a method whose request body uses the model (the newest resource's first)."""
    for resource in reversed(api.resources.values()):
        for http_method, method in resource.get("resourceMethods", {}).items():
            if model_name in method.get("requestModels", {}).values():
                return f"{resource['path']}/{http_method}"
    return None


def _validator(api: RestApi, validator_id: str) -> dict[str, Any]:
    found = api.request_validators.get(validator_id)
    if found is None:
        raise NotFoundException("Invalid Request Validator identifier specified")
    return found


class ModelsOperations:
    store: Store

    def _api(self, ctx: RequestContext, params: dict[str, Any]) -> RestApi:
        return self.store.api(ctx.region, params["restApiId"], ctx.account_id)

    def _model_api(self, ctx: RequestContext, params: dict[str, Any]) -> RestApi:
        """A model's API: AWS calls the model missing when its API is."""
        missing = NotFoundException(f"Invalid model name specified: {params['modelName']}")
        return self.store.api_or(ctx.region, params["restApiId"], missing)

    def _validator_api(self, ctx: RequestContext, params: dict[str, Any]) -> RestApi:
        """A request validator's API: AWS calls the validator missing when its API is."""
        missing = NotFoundException("Invalid Request Validator identifier specified")
        return self.store.api_or(ctx.region, params["restApiId"], missing)

    def create_model(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return add_model(self._api(ctx, params), params)

    def get_model(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return _model(self._model_api(ctx, params), params["modelName"])

    def get_models(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        # AWS lists models by name, in code-point order (``PetType`` before ``Pets``).
        return page(sorted(self._api(ctx, params).models.values(), key=lambda model: model["name"]), params)

    def update_model(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = _model(self._model_api(ctx, params), params["modelName"])
        operations = params.get("patchOperations", [])
        require_replace(operations)
        refuse_empty(operations, "/schema", "Model schema must have at least 1 property or array items defined")
        apply_patch(model, operations, _MODEL_FIELDS)
        if not model.get("description"):
            model.pop("description", None)
        return model

    def get_model_template(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._model_api(ctx, params)
        model = _model(api, params["modelName"])

        def resolve(name: str) -> dict[str, Any] | None:
            found = api.models.get(name)
            try:
                return json.loads(found.get("schema") or "{}") if found else None
            except ValueError:
                return None

        return {"value": model_template(model.get("schema"), resolve)}

    def delete_model(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._model_api(ctx, params)
        name = params["modelName"]
        _model(api, name)
        user = _method_requesting(api, name)
        if user is not None:
            raise ConflictException(f"Cannot delete model '{name}', is referenced in method request: {user}")
        del api.models[name]
        return {}

    def create_request_validator(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        missing = BadRequestException("Invalid REST API identifier specified")
        return add_request_validator(self.store.api_or(ctx.region, params["restApiId"], missing), params)

    def get_request_validator(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return _validator(self._validator_api(ctx, params), params["requestValidatorId"])

    def get_request_validators(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return page(list(self._api(ctx, params).request_validators.values()), params)

    def update_request_validator(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        validator = _validator(self._validator_api(ctx, params), params["requestValidatorId"])
        operations = params.get("patchOperations", [])
        require_replace(operations)
        refuse_empty(operations, "/name", "Request Validator name cannot be blank")
        apply_patch(validator, operations, _VALIDATOR_FIELDS)
        return validator

    def delete_request_validator(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._validator_api(ctx, params)
        _validator(api, params["requestValidatorId"])
        del api.request_validators[params["requestValidatorId"]]
        return {}
