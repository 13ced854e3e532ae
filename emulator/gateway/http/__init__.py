"""HTTP APIs and the control plane of WebSocket APIs (boto3 ``apigatewayv2``).

Control plane, one area a module: ``apis`` (CreateApi with quick create, CORS),
``routes``, ``route_responses``, ``integrations`` (and integration responses),
``stages`` (and deployments), ``authorizers``, ``openapi`` / ``openapi_export``,
``tags``; state in ``store`` (``ApiModel``, one per API). The rest-json layer
(``emulator/aws/wire_names.py``) converts this service's lower-camel JSON names.

Data plane (HTTP APIs), in request order: ``server`` (stage, CORS, route,
throttle, authorize, integrate), ``request``, ``routing``, ``cors``,
``throttle``, ``authorization`` (``jwt``, ``jwks``), ``events`` (payload 1.0
and 2.0), ``invoke`` (Lambda, HTTP_PROXY), ``mapping`` (parameter mapping),
``responses``.

The WebSocket data plane reads an API through
``ApiGatewayV2Provider.get_api_model(api_id)`` -> ``ApiModel`` (``api``,
``routes``, ``integrations``, ``authorizers``, ``stages``, ``route_responses``,
``integration_responses``), and what a stage serves through
``ApiModel.snapshot_for_stage(stage_name)`` -> ``Snapshot`` (None until the
stage is deployed). Both are read-only for callers.
"""
