"""RevisionId's lifecycle as AWS answered LocalStack's recorded requests (TestLambdaRevisions, AWS-validated):
a function settling after a create or an update renews it, publishing a version renews $LATEST's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lambda_helpers import ECHO, make_zip


def _revision(lambda_client: Any, name: str, qualifier: str | None = None) -> str:
    options = {"Qualifier": qualifier} if qualifier else {}
    return str(lambda_client.get_function(FunctionName=name, **options)["Configuration"]["RevisionId"])


def test_creating_and_updating_renew_the_revision_again_once_the_function_settles(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # LocalStack's AWS-validated snapshot test_lambda_api.snapshot.json::TestLambdaRevisions::test_function_revisions_basic
    created = create_function("revised")["RevisionId"]
    active = _revision(lambda_client, "revised")
    assert active != created  # Pending -> Active
    code_update = lambda_client.update_function_code(FunctionName="revised", ZipFile=make_zip({"app.py": ECHO}), RevisionId=active)
    assert code_update["RevisionId"] != active
    code_updated = _revision(lambda_client, "revised")
    assert code_updated != code_update["RevisionId"]  # InProgress -> Successful
    config_update = lambda_client.update_function_configuration(FunctionName="revised", Timeout=9, RevisionId=code_updated)
    assert config_update["RevisionId"] != code_updated
    settled = _revision(lambda_client, "revised")
    assert settled not in (config_update["RevisionId"], code_updated)
    assert _revision(lambda_client, "revised") == settled  # reading changes nothing


def test_publishing_renews_latest_and_aliases_leave_versions_alone(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # LocalStack's AWS-validated snapshots test_lambda_api.snapshot.json::TestLambdaRevisions::
    # test_function_revisions_version_and_alias and TestLambdaVersions::test_publish_version_on_create
    create_function("versioned")
    active = _revision(lambda_client, "versioned")
    published = lambda_client.publish_version(FunctionName="versioned", RevisionId=active)
    assert published["RevisionId"] != active
    assert _revision(lambda_client, "versioned", "1") == published["RevisionId"]
    latest = _revision(lambda_client, "versioned")
    assert latest not in (active, published["RevisionId"])  # publishing renewed $LATEST's
    alias = lambda_client.create_alias(FunctionName="versioned", Name="revision_alias", FunctionVersion="1")
    assert alias["RevisionId"] != published["RevisionId"]
    assert _revision(lambda_client, "versioned") == latest
    assert _revision(lambda_client, "versioned", "1") == published["RevisionId"]
    again = lambda_client.publish_version(FunctionName="versioned", Description="nothing changed")
    assert (again["Version"], again["RevisionId"]) == ("1", published["RevisionId"])
    assert _revision(lambda_client, "versioned") == latest  # a publish that publishes nothing renews nothing
    updated = lambda_client.update_alias(
        FunctionName="versioned", Name="revision_alias", Description="something changed", RevisionId=alias["RevisionId"]
    )
    assert updated["RevisionId"] != alias["RevisionId"]
