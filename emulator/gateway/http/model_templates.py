"""GetModelTemplate for apigatewayv2's models: the sample mapping template of a model's schema."""

from __future__ import annotations

import json
from typing import Any

from ...aws.context import RequestContext
from ..rest.model_template import model_template
from .store import ApiStore, child


class ModelTemplateOperations:
    store: ApiStore

    def get_model_template(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        model = child(api.models, params["ModelId"], "Model")
        by_name = {other["Name"]: other for other in api.models.values()}

        def resolve(name: str) -> dict[str, Any] | None:
            found = by_name.get(name)
            try:
                return json.loads(found.get("Schema") or "{}") if found else None
            except ValueError:
                return None

        return {"Value": model_template(model.get("Schema"), resolve)}
