"""Transformers, index policies, account policies, destinations, deliveries and export tasks survive a
restart of an emulator that has a data directory."""

from __future__ import annotations

import json
import time
from pathlib import Path

from emulator.testing.process import EmulatorProcess

CONFIG = [{"parseJSON": {}}, {"addKeys": {"entries": [{"key": "kept", "value": "yes"}]}}]


def test_resources_survive_a_restart(tmp_path: Path) -> None:
    first = EmulatorProcess("--data-dir", str(tmp_path)).start()
    try:
        logs = first.client("logs")
        logs.create_log_group(logGroupName="persisted")
        logs.put_transformer(logGroupIdentifier="persisted", transformerConfig=CONFIG)
        logs.put_index_policy(logGroupIdentifier="persisted", policyDocument='{"Fields": ["a"]}')
        logs.put_account_policy(policyName="p", policyType="DATA_PROTECTION_POLICY", policyDocument="{}")
        logs.put_destination(destinationName="d", targetArn="arn:aws:kinesis:us-east-1:000000000000:stream/s", roleArn="r")
        logs.put_delivery_destination(name="dd", deliveryDestinationConfiguration={"destinationResourceArn": "arn:aws:s3:::b"})
        now = int(time.time() * 1000)
        task = logs.create_export_task(logGroupName="persisted", fromTime=now - 1000, to=now, destination="exports")["taskId"]
    finally:
        first.stop()
    second = EmulatorProcess("--data-dir", str(tmp_path)).start()
    try:
        logs = second.client("logs")
        assert logs.get_transformer(logGroupIdentifier="persisted")["transformerConfig"] == CONFIG
        assert logs.describe_index_policies(logGroupIdentifiers=["persisted"])["indexPolicies"][0]["policyDocument"] == (
            '{"Fields": ["a"]}'
        )
        assert [p["policyName"] for p in logs.describe_account_policies(policyType="DATA_PROTECTION_POLICY")["accountPolicies"]] == ["p"]
        assert [d["destinationName"] for d in logs.describe_destinations()["destinations"]] == ["d"]
        assert logs.get_delivery_destination(name="dd")["deliveryDestination"]["deliveryDestinationType"] == "S3"
        assert [t["taskId"] for t in logs.describe_export_tasks()["exportTasks"]] == [task]
        logs.create_log_stream(logGroupName="persisted", logStreamName="s")
        logs.put_log_events(logGroupName="persisted", logStreamName="s", logEvents=[{"timestamp": int(time.time() * 1000), "message": "{}"}])
        (event,) = logs.get_log_events(logGroupName="persisted", logStreamName="s")["events"]
        assert json.loads(event["message"]) == {"kept": "yes"}  # the reloaded transformer still applies
    finally:
        second.stop()
