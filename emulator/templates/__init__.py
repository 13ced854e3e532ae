"""SAM / CloudFormation templates: load, resolve intrinsics, deploy through the AWS APIs.

What a template may hold, and what happens to it:

- ``AWS::Serverless::Function`` (Globals merged as SAM merges them; CodeUri a
  folder run in place, default the template's folder, or a built .zip;
  InlineCode; AutoPublishAlias; FunctionUrlConfig; Api, HttpApi and DynamoDB
  events), ``Api`` / ``HttpApi`` / ``WebSocketApi`` with Auth, CORS, usage
  plans, gateway responses and OpenAPI bodies (AWS::Include of local files),
  ``SimpleTable``, ``LayerVersion``, and their CloudFormation counterparts
  (DynamoDB tables, Lambda functions, versions, aliases, URLs, layers,
  permissions, event source mappings, ApiGatewayV2 resources, REST APIs
  written out with models, request validators, API keys and usage plans). An ``Api``'s ``Models`` with
  its events' ``RequestModel`` validation, and a REST stage's
  ``AccessLogSetting``, ``TracingEnabled`` and ``MethodSettings``.
- SAM's generated resources can be referred to: ``<Function>Role``,
  ``<Function>.Alias`` / ``.Version``, ``<Function>Url``, ``<Api>.Stage``,
  ``<Api><Stage>Stage``, ``<Api>ApiKey``, ...
- Noted and skipped, the rest deploying: IAM (Policies, Role, Connectors),
  CodeDeploy (DeploymentPreference), event types other than Api, HttpApi and
  DynamoDB, other accounts' layers, build steps (BuildMethod esbuild/makefile,
  requirements.txt not installed), and every resource type with no handler,
  listed in one note.
- Refused with a message: S3 code locations, macros, Fn::ImportValue, malformed
  intrinsics, parameter values outside their constraints.
"""
