"""API keys, usage plans and usage plan keys."""

from __future__ import annotations

import csv
import io
import secrets
import string
from collections.abc import Callable
from typing import Any

from ...aws.context import RequestContext
from ..ids import new_id
from .errors import BadRequestException, ConflictException, NotFoundException
from .pages import page, with_tags
from .patch import BOOL, MAP, REPLACE_ONLY, STR, all_or_nothing, apply_patch, require_documented_ops
from .store import RegionState, Store, timestamp_now
from .usage_plan_patch import UNKNOWN_API_STAGE, patch_usage_plan

_KEY_ALPHABET = string.ascii_letters + string.digits
_KEY_FIELDS = {"name": STR, "description": STR, "enabled": BOOL, "customerId": STR, "tags": MAP}
#: The ops UpdateApiKey's rows of the patch-operations table support (API reference).
_KEY_OPS = {
    "customerId": REPLACE_ONLY,
    "description": REPLACE_ONLY,
    "enabled": REPLACE_ONLY,
    "name": REPLACE_ONLY,
    "stages": frozenset({"add", "remove"}),
}


def _api_key(state: RegionState, key_id: str) -> dict[str, Any]:
    found = state.api_keys.get(key_id)
    if found is None:
        raise NotFoundException("Invalid API Key identifier specified")
    return found


def _usage_plan(state: RegionState, plan_id: str) -> dict[str, Any]:
    found = state.usage_plans.get(plan_id)
    if found is None:
        raise NotFoundException("Invalid Usage Plan ID specified")
    return found


def _plan_key(key: dict[str, Any]) -> dict[str, Any]:
    """The UsagePlanKey shape of an API key."""
    entry = {"id": key["id"], "type": "API_KEY", "value": key["value"]}
    if "name" in key:
        entry["name"] = key["name"]
    return entry


def _patch_stage_keys(stage_keys: list[str], op: str, value: str) -> None:
    if op == "add" and value not in stage_keys:
        stage_keys.append(value)
    elif op == "remove" and value in stage_keys:
        stage_keys.remove(value)


def _without_value(key: dict[str, Any], include: bool) -> dict[str, Any]:
    return key if include else {k: v for k, v in key.items() if k != "value"}


class KeysOperations:
    store: Store
    #: Whether apigatewayv2 holds a WebSocket API with this stage (usage plans may cover one).
    has_websocket_stage: Callable[[str, str], bool]

    # -- API keys ------------------------------------------------------------

    def create_api_key(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        state = self.store.region(ctx.region)
        value = params.get("value")
        if value is None:
            value = "".join(secrets.choice(_KEY_ALPHABET) for _ in range(40))
        elif len(value) < 20:
            raise BadRequestException("API Key value should be at least 20 characters")
        if any(key["value"] == value for key in state.api_keys.values()):
            raise ConflictException("API Key already exists")
        now = timestamp_now()
        key: dict[str, Any] = {"id": new_id(), "value": value, "enabled": bool(params.get("enabled", False))}
        for name in ("name", "description", "customerId", "tags"):
            if params.get(name) is not None:
                key[name] = params[name]
        # AWS lists a key's stages as "restApiId/stageName" strings.
        stage_keys = [f"{s.get('restApiId')}/{s.get('stageName')}" for s in params.get("stageKeys") or []]
        key.update(createdDate=now, lastUpdatedDate=now, stageKeys=stage_keys)
        state.api_keys[key["id"]] = key
        return key

    def import_api_keys(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        """Keys from a CSV file (``name,key,description,enabled,usageplanIds``, header case-insensitive)."""
        if params["format"] != "csv":
            raise BadRequestException(f"Invalid format specified: {params['format']}")
        body = params["body"]
        # Bytes that are not UTF-8 read as U+FFFD, as Java's decoder reads them.
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        rows = list(csv.reader(io.StringIO(text)))
        if not rows:
            return {"ids": [], "warnings": []}
        columns = [column.strip().lower() for column in rows[0]]
        if "key" not in columns:
            # AWS's words (boto3 issue #1280 shows them for a body with no Key column).
            raise BadRequestException("Missing required column 'Key'")
        state = self.store.region(ctx.region)
        ids = []
        for row in rows[1:]:
            if not any(cell.strip() for cell in row):
                continue
            fields = dict(zip(columns, (cell.strip() for cell in row), strict=False))
            key = self.create_api_key(
                ctx,
                {
                    "name": fields.get("name") or None,
                    "value": fields["key"],
                    "description": fields.get("description") or None,
                    "enabled": fields.get("enabled", "").lower() == "true",
                },
            )
            for plan_id in filter(None, (fields.get("usageplanids") or "").split(":")):
                _usage_plan(state, plan_id)
                state.usage_plan_keys[plan_id][key["id"]] = _plan_key(key)
            ids.append(key["id"])
        return {"ids": ids, "warnings": []}

    def get_api_key(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        key = _api_key(self.store.region(ctx.region), params["apiKey"])
        return with_tags(_without_value(key, bool(params.get("includeValue"))))

    def get_api_keys(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        keys = self.store.region(ctx.region).api_keys.values()
        name = params.get("nameQuery")
        customer = params.get("customerId")
        chosen = [
            _without_value(key, bool(params.get("includeValues")))
            for key in keys
            if (not name or key.get("name", "").startswith(name))
            and (not customer or key.get("customerId") == customer)
        ]
        return page(chosen, params)

    def update_api_key(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        key = _api_key(self.store.region(ctx.region), params["apiKey"])
        operations = params.get("patchOperations", [])
        require_documented_ops(operations, _KEY_OPS)
        for operation in operations:
            if operation.get("path") == "/stages" and operation.get("op") in ("add", "remove"):
                _patch_stage_keys(key["stageKeys"], operation["op"], operation.get("value") or "")
        apply_patch(key, [op for op in operations if op.get("path") != "/stages"], _KEY_FIELDS)
        key["lastUpdatedDate"] = timestamp_now()
        return with_tags(_without_value(key, False))

    def delete_api_key(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        state = self.store.region(ctx.region)
        _api_key(state, params["apiKey"])
        del state.api_keys[params["apiKey"]]
        for keys in state.usage_plan_keys.values():
            keys.pop(params["apiKey"], None)
        return {}

    # -- usage plans ---------------------------------------------------------

    def _check_stages(self, ctx: RequestContext, stages: list[dict[str, Any]]) -> None:
        apis = self.store.region(ctx.region).apis
        for stage in stages:
            api_id, name = stage.get("apiId") or "", stage.get("stage")
            api = apis.get(api_id)
            known = api is not None and name in api.stages
            if not known and not self.has_websocket_stage(api_id, name or ""):
                raise BadRequestException(UNKNOWN_API_STAGE)

    def _stage_checker(self, ctx: RequestContext, plan_id: str) -> Callable[[str, str], None]:
        """UpdateUsagePlan's check of an added API stage: AWS names the stage and the plan here."""

        def check(api_id: str, stage: str) -> None:
            try:
                self._check_stages(ctx, [{"apiId": api_id, "stage": stage}])
            except BadRequestException:
                raise NotFoundException(
                    f"Invalid API Stage {{api: {api_id}, stage: {stage}}} specified for usageplan {plan_id}"
                ) from None

        return check

    def create_usage_plan(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        state = self.store.region(ctx.region)
        stages = params.get("apiStages") or []
        self._check_stages(ctx, stages)
        plan: dict[str, Any] = {"id": new_id(6), "name": params["name"], "apiStages": stages}
        for name in ("description", "throttle", "quota", "tags"):
            if params.get(name) is not None:
                plan[name] = params[name]
        if "quota" in plan:
            plan["quota"].setdefault("offset", 0)
        state.usage_plans[plan["id"]] = plan
        state.usage_plan_keys[plan["id"]] = {}
        return plan

    def get_usage_plan(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return with_tags(_usage_plan(self.store.region(ctx.region), params["usagePlanId"]))

    def get_usage_plans(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        state = self.store.region(ctx.region)
        key_id = params.get("keyId")
        plans = [
            p
            for p in state.usage_plans.values()
            if not key_id or key_id in state.usage_plan_keys.get(p["id"], {})
        ]
        return page(plans, params)

    def update_usage_plan(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        plan = _usage_plan(self.store.region(ctx.region), params["usagePlanId"])
        with all_or_nothing(plan):
            patch_usage_plan(plan, params.get("patchOperations", []), self._stage_checker(ctx, plan["id"]))
        return with_tags(plan)

    def delete_usage_plan(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        state = self.store.region(ctx.region)
        _usage_plan(state, params["usagePlanId"])
        del state.usage_plans[params["usagePlanId"]]
        state.usage_plan_keys.pop(params["usagePlanId"], None)
        return {}

    # -- usage plan keys -----------------------------------------------------

    def create_usage_plan_key(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        state = self.store.region(ctx.region)
        _usage_plan(state, params["usagePlanId"])
        if params["keyType"] != "API_KEY":
            raise BadRequestException(f"Invalid key type specified: {params['keyType']}")
        key = _api_key(state, params["keyId"])
        keys = state.usage_plan_keys[params["usagePlanId"]]
        if key["id"] in keys:
            raise ConflictException(
                f"Usage Plan {params['usagePlanId']} already contains API Key {key['id']}"
            )
        entry = keys[key["id"]] = _plan_key(key)
        return entry

    def get_usage_plan_key(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        state = self.store.region(ctx.region)
        _usage_plan(state, params["usagePlanId"])
        found = state.usage_plan_keys[params["usagePlanId"]].get(params["keyId"])
        if found is None:
            raise NotFoundException("Invalid Usage Plan Key identifier specified")
        return found

    def get_usage_plan_keys(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        # An unknown plan lists no keys rather than being refused (LocalStack's AWS-validated
        # test_apigateway_extended::test_get_usage_plan_api_keys, get-up-keys-bad-usage-plan).
        state = self.store.region(ctx.region)
        name = params.get("nameQuery")
        keys = [
            k
            for k in state.usage_plan_keys.get(params["usagePlanId"], {}).values()
            if not name or k.get("name", "").startswith(name)
        ]
        return page(keys, params)

    def delete_usage_plan_key(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        state = self.store.region(ctx.region)
        _usage_plan(state, params["usagePlanId"])
        if state.usage_plan_keys[params["usagePlanId"]].pop(params["keyId"], None) is None:
            raise NotFoundException("Invalid Usage Plan Key identifier specified")
        return {}
