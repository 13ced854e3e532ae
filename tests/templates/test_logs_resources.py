"""AWS::Logs resources in a template: a function's log group with retention and tags, a subscription
filter that delivers its matching events to another function, and a metric filter."""

from __future__ import annotations

import json
import time
from pathlib import Path

from sam_project import deploy, write_project

from emulator.testing import EmulatorProcess

TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Producer:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.produce
      CodeUri: src/
  ProducerLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/${Producer}
      RetentionInDays: 14
      Tags: [{Key: team, Value: ops}]
  Collector:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.collect
      CodeUri: src/
      Environment: {Variables: {OUT: "%(out)s"}}
  CollectorPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Collector.Arn
      Action: lambda:InvokeFunction
      Principal: logs.amazonaws.com
      SourceArn: !GetAtt ProducerLogs.Arn
  Errors:
    Type: AWS::Logs::SubscriptionFilter
    DependsOn: CollectorPermission
    Properties:
      LogGroupName: !Ref ProducerLogs
      FilterPattern: ERROR
      DestinationArn: !GetAtt Collector.Arn
  ErrorCount:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: !Ref ProducerLogs
      FilterPattern: ERROR
      MetricTransformations:
        - {MetricName: Errors, MetricNamespace: App, MetricValue: "1"}
Outputs:
  Group: {Value: !Ref ProducerLogs}
  GroupArn: {Value: !GetAtt ProducerLogs.Arn}
"""

CODE = """
import base64, gzip, json, os

def produce(event, context):
    print("ERROR something broke")
    print("all fine otherwise")
    return "done"

def collect(event, context):
    data = json.loads(gzip.decompress(base64.b64decode(event["awslogs"]["data"])))
    with open(os.environ["OUT"], "a") as out:
        out.write(json.dumps(data) + "\\n")
"""


def test_log_group_subscription_and_metric_filter_from_a_template(tmp_path: Path, server: EmulatorProcess) -> None:
    out = tmp_path / "delivered.jsonl"
    project = write_project(tmp_path / "logs", TEMPLATE % {"out": out}, {"src/app.py": CODE})
    result = deploy(server, project)
    group = result.outputs["Group"]
    assert group == "/aws/lambda/logs-Producer"
    assert result.outputs["GroupArn"] == f"arn:aws:logs:us-east-1:000000000000:log-group:{group}:*"
    logs = server.client("logs")
    described = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]
    assert described["retentionInDays"] == 14
    assert described["metricFilterCount"] == 1
    assert logs.list_tags_log_group(logGroupName=group)["tags"] == {"team": "ops"}
    metric = logs.describe_metric_filters(logGroupName=group)["metricFilters"][0]
    assert metric["metricTransformations"][0]["metricName"] == "Errors"

    server.client("lambda").invoke(FunctionName="logs-Producer")
    deadline = time.monotonic() + 10
    while not out.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    delivered = [json.loads(line) for line in out.read_text().splitlines()]
    messages = [event["message"] for batch in delivered for event in batch["logEvents"]]
    assert [m.strip() for m in messages] == ["ERROR something broke"]
    assert delivered[0]["logGroup"] == group
    assert delivered[0]["subscriptionFilters"] == ["logs-Errors"]
    # A redeploy keeps the group and its filters.
    again = deploy(server, project)
    assert again.outputs["Group"] == group
    assert len(logs.describe_subscription_filters(logGroupName=group)["subscriptionFilters"]) == 1
