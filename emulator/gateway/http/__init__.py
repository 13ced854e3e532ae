"""HTTP APIs and the control plane of WebSocket APIs (boto3 ``apigatewayv2``).

Control-plane modules hold one area each (apis, routes, integrations, stages,
authorizers, route responses, OpenAPI import); the data-plane modules serve
requests to deployed HTTP APIs (routing, events, responses, authorizers, CORS).
"""
