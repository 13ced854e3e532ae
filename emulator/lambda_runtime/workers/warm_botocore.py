"""Load botocore's data files once in the zygote, so every worker's clients start warm.

Creating a boto3 client parses large JSON models (endpoints, service, rule set),
which costs a new process hundreds of milliseconds. The zygote parses them into
one loader and makes new sessions use that loader; forked workers inherit it.
Loaded data is read-only to botocore, as it already is when clients of one
session share their loader.
"""

from __future__ import annotations

from collections.abc import Iterable

import botocore.exceptions
import botocore.loaders
import botocore.session

_SHARED_FILES = ("endpoints", "sdk-default-configuration", "_retry", "partitions")
_SERVICE_FILES = ("service-2", "endpoint-rule-set-1", "paginators-1")


def warm(services: Iterable[str]) -> None:
    loader = botocore.loaders.create_loader()
    for name in _SHARED_FILES:
        try:
            loader.load_data(name)
        except botocore.exceptions.DataNotFoundError:
            pass
    for service in services:
        for type_name in _SERVICE_FILES:
            try:
                loader.load_service_model(service, type_name)
            except botocore.exceptions.DataNotFoundError:
                pass
    original = botocore.session.create_loader

    def create_loader(search_path_string: str | None = None) -> botocore.loaders.Loader:
        return loader if not search_path_string else original(search_path_string)

    botocore.session.create_loader = create_loader  # type: ignore[assignment]
