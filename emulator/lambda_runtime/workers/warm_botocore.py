"""Warm botocore in the zygote, so that a worker's first boto3 client is cheap.

Two costs dominate a new process's first ``boto3.client(...)``: parsing the
large JSON models (endpoints, service, rule set) and registering the
session's ~130 built-in event handlers. The zygote does both once: its
parsed models go into one loader that every new session uses, and one
session is built in advance and handed to the first ``get_session()`` of
each worker (that is the session boto3's default one wraps). Neither reads
the environment: credentials, region and endpoint are still resolved in the
worker, from its own variables, when the client is created.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import boto3
import botocore
import botocore.exceptions
import botocore.loaders
import botocore.session

_SHARED_FILES = ("endpoints", "sdk-default-configuration", "_retry", "partitions")
_SERVICE_FILES = ("service-2", "endpoint-rule-set-1", "paginators-1", "waiters-2", "resources-1")


def warm(services: Iterable[str]) -> None:
    _share_loader(services)
    _prepare_session()


def _share_loader(services: Iterable[str]) -> None:
    loader = botocore.loaders.create_loader()
    # boto3 adds its own data folder (resource models) to every session's loader.
    boto3_data = os.path.join(os.path.dirname(boto3.__file__), "data")
    loader.search_paths.append(boto3_data)
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
    create = botocore.session.create_loader

    def create_loader(search_path_string: str | None = None) -> botocore.loaders.Loader:
        return loader if not search_path_string else create(search_path_string)

    botocore.session.create_loader = create_loader  # type: ignore[assignment]


def _prepare_session() -> None:
    spare: list[botocore.session.Session] = [botocore.session.Session()]
    get_session = botocore.session.get_session

    def first_session_prepared(env_vars: dict | None = None) -> botocore.session.Session:
        # A session initializer registered by the function must see its sessions being made.
        if spare and env_vars is None and not botocore._INITIALIZERS:  # type: ignore[attr-defined]
            return spare.pop()
        return get_session(env_vars)

    botocore.session.get_session = first_session_prepared  # type: ignore[assignment]
