"""Intrinsic functions, conditions and parameters, resolved as CloudFormation does."""

from __future__ import annotations

from pathlib import Path

import pytest

from emulator.templates.intrinsics import Resolver
from emulator.templates.loader import TemplateError, load_template
from emulator.templates.sam import expand

TEMPLATE = """
Parameters:
  Stage: {Type: String, Default: dev, AllowedValues: [dev, prod]}
  Names: {Type: CommaDelimitedList, Default: "a,b,c"}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  NotProd: !Not [!Condition IsProd]
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties: {TableName: !Sub "${AWS::StackName}-${Stage}-items"}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          TABLE: !Ref Table
          ARN: !GetAtt Table.Arn
          JOINED: !Join ["-", [!Ref Stage, !Select [1, !Ref Names]]]
          SPLIT: !Select [2, !Split [",", "x,y,z"]]
          MODE: !If [IsProd, strict, relaxed]
          LITERAL: !Sub "${!NotAVariable}"
          OPTIONAL: !If [NotProd, !Ref AWS::NoValue, kept]
"""


def _resolver(tmp_path: Path, overrides: dict[str, str] | None = None) -> tuple[Resolver, dict]:
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE)
    template = load_template(path)
    return Resolver(template, overrides or {}, region="eu-west-1", account_id="000000000000", stack_name="demo"), template


def test_short_forms_and_functions_resolve(tmp_path: Path) -> None:
    resolver, template = _resolver(tmp_path)
    table = resolver.resolve(template["Resources"]["Table"]["Properties"])
    assert table == {"TableName": "demo-dev-items"}
    resolver.record("Table", "demo-dev-items", {"Arn": "arn:aws:dynamodb:eu-west-1:000000000000:table/demo-dev-items"})
    variables = resolver.resolve(template["Resources"]["Fn"]["Properties"])["Environment"]["Variables"]
    assert variables == {
        "TABLE": "demo-dev-items",
        "ARN": "arn:aws:dynamodb:eu-west-1:000000000000:table/demo-dev-items",
        "JOINED": "dev-b",
        "SPLIT": "z",
        "MODE": "relaxed",
        "LITERAL": "${NotAVariable}",
    }


def test_parameter_overrides_and_conditions(tmp_path: Path) -> None:
    resolver, template = _resolver(tmp_path, {"Stage": "prod"})
    resolver.record("Table", "t", {"Arn": "arn"})
    variables = resolver.resolve(template["Resources"]["Fn"]["Properties"])["Environment"]["Variables"]
    assert variables["MODE"] == "strict"
    assert variables["OPTIONAL"] == "kept"


def test_disallowed_parameter_value_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"Parameter 'Stage' \('qa'\) is not valid: it must be one of dev, prod"):
        _resolver(tmp_path, {"Stage": "qa"})


CONSTRAINED = """
Parameters:
  TableName:
    Type: String
    Default: chat_connections
    MinLength: 3
    AllowedPattern: ^[A-Za-z_]+$
    ConstraintDescription: Required. Can be characters and underscore only.
  Memory: {Type: Number, Default: 128, MinValue: 128, MaxValue: 10240}
Resources: {}
"""


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"TableName": "t1"}, r"Parameter 'TableName' \('t1'\) is not valid: Required. Can be characters and underscore only."),
        ({"Memory": "64"}, r"Parameter 'Memory' \('64'\) is not valid: it must be a number not less than 128"),
        ({"Memory": "lots"}, r"Parameter 'Memory' \('lots'\) is not valid: it must be a number"),
    ],
)
def test_parameter_constraints_are_checked_as_cloudformation_does(tmp_path: Path, overrides: dict, message: str) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(CONSTRAINED)
    template = load_template(path)
    with pytest.raises(TemplateError, match=message):
        Resolver(template, overrides, region="us-east-1", account_id="000000000000", stack_name="s")
    defaults = Resolver(template, {}, region="us-east-1", account_id="000000000000", stack_name="s")
    assert defaults.resolve({"Ref": "Memory"}) == 128


def test_import_value_is_a_clear_error(tmp_path: Path) -> None:
    resolver, _ = _resolver(tmp_path)
    with pytest.raises(TemplateError, match="ImportValue 'SharedVpc'.*single stack"):
        resolver.resolve({"Fn::ImportValue": "SharedVpc"})


def test_resources_are_ordered_after_what_they_refer_to(tmp_path: Path) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE)
    order = [resource.logical_id for resource in expand(load_template(path))]
    assert order.index("Table") < order.index("Fn")


def test_function_events_make_implicit_apis(tmp_path: Path) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(
        """
Globals:
  Function: {Runtime: python3.12, Timeout: 5}
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      CodeUri: src/
      Timeout: 9
      Events:
        Rest: {Type: Api, Properties: {Path: /hello, Method: get}}
        Http: {Type: HttpApi, Properties: {Path: /hi, Method: post}}
        Default: {Type: HttpApi}
"""
    )
    resources = {resource.logical_id: resource for resource in expand(load_template(path))}
    assert resources["Hello"].properties["Runtime"] == "python3.12"
    assert resources["Hello"].properties["Timeout"] == 9
    rest = resources["ServerlessRestApi"]
    assert [(r.method, r.path) for r in rest.routes] == [("GET", "/hello")]
    http = resources["ServerlessHttpApi"]
    assert [(r.method, r.path) for r in http.routes] == [("POST", "/hi"), ("$default", "$default")]


GLOBALS = """
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 30
    Architectures: [x86_64]
    Layers: [!Ref SharedLayer]
    Environment:
      Variables: {TABLE: !Ref Table, STAGE: dev}
Resources:
  Plain:
    Type: AWS::Serverless::Function
    Properties:
      Architectures: [arm64]
      Layers: [!Ref OwnLayer]
      Environment:
        Variables: {TABLE: !GetAtt Other.Arn}
  NoTimeout:
    Type: AWS::Serverless::Function
    IgnoreGlobals: [Timeout]
  NoGlobals:
    Type: AWS::Serverless::Function
    IgnoreGlobals: "*"
"""


def test_globals_merge_as_sam_merges_them(tmp_path: Path) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(GLOBALS)
    resources = {resource.logical_id: resource.properties for resource in expand(load_template(path))}
    assert resources["Plain"] == {
        "Timeout": 30,
        "Architectures": ["arm64"],  # replaced, not appended (a function has one)
        "Layers": [{"Ref": "SharedLayer"}, {"Ref": "OwnLayer"}],  # lists concatenate
        # maps merge; an intrinsic function is a scalar, so the function's own wins whole
        "Environment": {"Variables": {"TABLE": {"Fn::GetAtt": ["Other", "Arn"]}, "STAGE": "dev"}},
    }
    assert "Timeout" not in resources["NoTimeout"] and resources["NoTimeout"]["Architectures"] == ["x86_64"]
    assert resources["NoGlobals"] == {}
