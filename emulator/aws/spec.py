"""botocore's service models, loaded once per process."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # botocore is imported with the first model, after start-up
    import botocore.session
    from botocore.model import ServiceModel


@cache
def _session() -> botocore.session.Session:
    import botocore.session

    return botocore.session.get_session()


@cache
def service_model(name: str) -> ServiceModel:
    return _session().get_service_model(name)
