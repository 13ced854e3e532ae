"""A resource policy's RevisionId is its owner's (the function's $LATEST, a version's, an alias's), and changing the policy renews it."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

#: AddPermission's words for a stale RevisionId (LocalStack's AWS-validated snapshot test_lambda_api.snapshot.json::
#: TestLambdaPermissions::test_lambda_permission_revisions, add_permission_revision_id_doesnotmatch).
REVISION_MISMATCH = (
    "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the "
    "latest Revision Id"
)


def allow(lambda_client: Any, name: str, sid: str, **options: Any) -> dict[str, Any]:
    return lambda_client.add_permission(
        FunctionName=name, StatementId=sid, Action="lambda:InvokeFunction", Principal="s3.amazonaws.com", **options
    )


def revision(lambda_client: Any, name: str, qualifier: str | None = None) -> str:
    options = {"Qualifier": qualifier} if qualifier else {}
    return lambda_client.get_function(FunctionName=name, **options)["Configuration"]["RevisionId"]


def test_get_policy_shows_the_function_revision_which_add_permission_renews(create_function: Any, lambda_client: Any) -> None:
    created = create_function("fn")
    allow(lambda_client, "fn", "first")
    after_first = revision(lambda_client, "fn")
    assert after_first != created["RevisionId"]
    assert lambda_client.get_policy(FunctionName="fn")["RevisionId"] == after_first
    allow(lambda_client, "fn", "second")
    after_second = lambda_client.get_function_configuration(FunctionName="fn")["RevisionId"]
    assert after_second != after_first
    assert lambda_client.get_policy(FunctionName="fn")["RevisionId"] == after_second
    lambda_client.remove_permission(FunctionName="fn", StatementId="first")
    after_removal = revision(lambda_client, "fn")
    assert after_removal != after_second
    assert lambda_client.get_policy(FunctionName="fn")["RevisionId"] == after_removal


def test_add_permission_checks_the_revision_it_is_given(create_function: Any, lambda_client: Any) -> None:
    create_function("guarded")
    active = revision(lambda_client, "guarded")  # CreateFunction's answer has the revision of a function being created
    with pytest.raises(ClientError) as stale:
        allow(lambda_client, "guarded", "one", RevisionId="00000000-0000-0000-0000-000000000000")
    error = stale.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 412
    assert error["Error"] == {"Code": "PreconditionFailedException", "Message": REVISION_MISMATCH}
    assert error["Type"] == "User"
    allow(lambda_client, "guarded", "one", RevisionId=active)
    with pytest.raises(ClientError) as reused:  # the revision moved on with the policy
        allow(lambda_client, "guarded", "two", RevisionId=active)
    assert reused.value.response["Error"]["Code"] == "PreconditionFailedException"
    current = lambda_client.get_policy(FunctionName="guarded")["RevisionId"]
    allow(lambda_client, "guarded", "two", RevisionId=current)
    # The function's own updates check the same revision.
    with pytest.raises(ClientError) as update:
        lambda_client.update_function_configuration(FunctionName="guarded", Timeout=5, RevisionId=current)
    assert update.value.response["Error"]["Code"] == "PreconditionFailedException"
    latest = revision(lambda_client, "guarded")
    lambda_client.update_function_configuration(FunctionName="guarded", Timeout=5, RevisionId=latest)


def test_versions_and_aliases_keep_revisions_of_their_own(create_function: Any, lambda_client: Any) -> None:
    create_function("multi", Publish=True)
    alias = lambda_client.create_alias(FunctionName="multi", Name="live", FunctionVersion="1")
    latest_before, version_before = revision(lambda_client, "multi"), revision(lambda_client, "multi", "1")

    allow(lambda_client, "multi", "on-version", Qualifier="1")
    version_after = revision(lambda_client, "multi", "1")
    assert version_after != version_before
    assert lambda_client.get_policy(FunctionName="multi", Qualifier="1")["RevisionId"] == version_after
    assert revision(lambda_client, "multi") == latest_before

    allow(lambda_client, "multi", "on-alias", Qualifier="live")
    alias_after = lambda_client.get_alias(FunctionName="multi", Name="live")["RevisionId"]
    assert alias_after != alias["RevisionId"]
    assert lambda_client.get_policy(FunctionName="multi", Qualifier="live")["RevisionId"] == alias_after
    assert revision(lambda_client, "multi", "1") == version_after
    with pytest.raises(ClientError) as stale_alias:
        lambda_client.update_alias(FunctionName="multi", Name="live", Description="x", RevisionId=alias["RevisionId"])
    assert stale_alias.value.response["Error"]["Code"] == "PreconditionFailedException"


def test_a_policy_change_publishes_no_new_version(create_function: Any, lambda_client: Any) -> None:
    """PublishVersion compares code and configuration: a new RevisionId from the policy alone publishes nothing."""
    create_function("stable")
    first = lambda_client.publish_version(FunctionName="stable")
    allow(lambda_client, "stable", "later")
    again = lambda_client.publish_version(FunctionName="stable", RevisionId=revision(lambda_client, "stable"))
    assert again["Version"] == first["Version"] == "1"
    lambda_client.update_function_configuration(FunctionName="stable", Description="changed")
    assert lambda_client.publish_version(FunctionName="stable")["Version"] == "2"


def test_the_function_keeps_running_warm_across_policy_changes(create_function: Any, lambda_client: Any) -> None:
    source = "calls = 0\ndef handler(event, context):\n    global calls\n    calls += 1\n    return calls\n"
    create_function("warm", source)
    assert lambda_client.invoke(FunctionName="warm")["Payload"].read() == b"1"
    allow(lambda_client, "warm", "grant")
    assert lambda_client.invoke(FunctionName="warm")["Payload"].read() == b"2"


def test_remove_permission_checks_the_owner_revision_in_its_own_words(create_function: Any, lambda_client: Any) -> None:
    create_function("removal")
    allow(lambda_client, "removal", "gone")
    with pytest.raises(ClientError) as stale:
        lambda_client.remove_permission(FunctionName="removal", StatementId="gone", RevisionId="stale")
    assert stale.value.response["Error"] == {
        "Code": "PreconditionFailedException",
        "Message": "The Revision Id provided does not match the latest Revision Id. "
        "Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
    }
    current = lambda_client.get_policy(FunctionName="removal")["RevisionId"]
    lambda_client.remove_permission(FunctionName="removal", StatementId="gone", RevisionId=current)
    assert revision(lambda_client, "removal") != current
