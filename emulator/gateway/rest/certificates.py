"""Client certificates (GenerateClientCertificate ...) a stage presents to HTTP back ends.

The PEM is a placeholder: offline, no back end checks it.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from typing import Any

from ...aws.context import RequestContext
from ..ids import new_id
from .errors import NotFoundException
from .pages import page
from .patch import STR, apply_patch
from .store import Store, timestamp_now

_FIELDS = {"description": STR}
#: AWS's client certificates are valid for 365 days.
_VALIDITY = dt.timedelta(days=365)


def _placeholder_pem() -> str:
    body = base64.encodebytes(secrets.token_bytes(600)).decode().strip()
    return f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----"


class CertificatesOperations:
    store: Store

    def _certificate(self, ctx: RequestContext, certificate_id: str) -> dict[str, Any]:
        found = self.store.region(ctx.region).client_certificates.get(certificate_id)
        if found is None:
            raise NotFoundException("Invalid Client Certificate identifier specified")
        return found

    def generate_client_certificate(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        now = timestamp_now()
        certificate: dict[str, Any] = {"clientCertificateId": new_id(6)}
        if params.get("description") is not None:
            certificate["description"] = params["description"]
        certificate.update(
            pemEncodedCertificate=_placeholder_pem(),
            createdDate=now,
            expirationDate=now + _VALIDITY,
            tags=params.get("tags") or {},
        )
        self.store.region(ctx.region).client_certificates[certificate["clientCertificateId"]] = certificate
        return certificate

    def get_client_certificate(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return self._certificate(ctx, params["clientCertificateId"])

    def get_client_certificates(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return page(list(self.store.region(ctx.region).client_certificates.values()), params, identity="clientCertificateId")

    def update_client_certificate(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        certificate = self._certificate(ctx, params["clientCertificateId"])
        apply_patch(certificate, params.get("patchOperations", []), _FIELDS)
        return certificate

    def delete_client_certificate(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._certificate(ctx, params["clientCertificateId"])
        del self.store.region(ctx.region).client_certificates[params["clientCertificateId"]]
        return {}
