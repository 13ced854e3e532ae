"""Models: JSON schemas a WebSocket API's routes validate request bodies against."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..ids import new_id
from .errors import ConflictException
from .store import ApiModel, ApiStore, Resource, child, merge, page

_SKIP = ("ApiId", "ModelId")


def _check_unique_name(model: ApiModel, name: str, model_id: str | None = None) -> None:
    for other in model.models.values():
        if other["Name"] == name and other["ModelId"] != model_id:
            raise ConflictException(f"Model with name {name} already exists for this API")


class ModelOperations:
    store: ApiStore

    def create_model(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        _check_unique_name(model, params["Name"])
        created: Resource = merge({"ModelId": new_id(6)}, params, skip=_SKIP)
        model.models[created["ModelId"]] = created
        return created

    def get_model(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        return child(model.models, params["ModelId"], "Model")

    def get_models(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        return page(list(model.models.values()), params, "ModelId")

    def update_model(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        found = child(model.models, params["ModelId"], "Model")
        if "Name" in params:
            _check_unique_name(model, params["Name"], found["ModelId"])
        return merge(found, params, skip=_SKIP)

    def delete_model(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        child(model.models, params["ModelId"], "Model")
        del model.models[params["ModelId"]]
        return {}
