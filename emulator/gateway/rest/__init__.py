"""REST APIs (boto3 ``apigateway``).

Control plane, one module per area, each a mixin of ``ApiGatewayProvider``:
``apis``, ``resources``, ``methods``, ``integrations``, ``stages`` (deployments
too), ``keys`` (API keys, usage plans), ``usage``, ``authorizers``, ``models``
(models, request validators), ``gateway_responses``, ``imports`` + ``openapi``,
``export``, ``tags``, ``account``, ``console`` (TestInvokeMethod). State lives
in ``store`` in AWS's own output shapes; ``patch`` applies patchOperations.

Data plane: ``serve`` runs a request through the stage's ``deployment``
snapshot (``routing`` tree, compiled templates and validators): ``authorize``
(Lambda authorizers) or ``cognito``, ``limits`` (API keys, usage plans, stage
throttling), ``validation``, then ``backends`` (AWS_PROXY with ``proxy_event``,
AWS, HTTP, HTTP_PROXY with ``parameters``, MOCK), mapping templates through
``vtl`` and ``mapping``; ``gateway_errors`` are the gateway's own answers.
"""
