"""Log anomaly detectors: Create/Get/List/Update/DeleteLogAnomalyDetector, ListAnomalies, UpdateAnomaly.

Detectors are kept, with the ARN ``arn:aws:logs:<region>:<account>:anomaly-detector:<id>``, as Terraform's
aws_cloudwatch_log_anomaly_detector manages them; their groups must exist. The emulator learns no
patterns, so a detector stays INITIALIZING (PAUSED when disabled) and finds no anomalies: ListAnomalies
answers an empty list and UpdateAnomaly knows no anomaly. Tags live in the detector (TagResource on its ARN).
"""

from __future__ import annotations

import uuid
from typing import Any

from ...aws.context import RequestContext
from .base import InvalidParameterException, LogsOperations, ResourceNotFoundException, group_name, page
from .state import ResourceState
from .store import now_ms

KIND = "anomalyDetectors"
DEFAULT_LIMIT = 50
#: Days an anomaly stays visible unless the detector says otherwise (guessed: AWS's console default).
DEFAULT_VISIBILITY_DAYS = 21
_HIDDEN = ("tags", "enabled")


class AnomalyDetectorOperations(LogsOperations):
    resources: ResourceState

    def create_log_anomaly_detector(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        for arn in params["logGroupArnList"]:
            self._group(ctx, {"logGroupIdentifier": arn})
        detector_id = str(uuid.uuid4())
        arn = f"arn:aws:logs:{ctx.region}:{ctx.account_id}:anomaly-detector:{detector_id}"
        now = now_ms()
        detector = {
            "anomalyDetectorArn": arn,
            "detectorName": params.get("detectorName") or detector_id,
            "logGroupArnList": list(params["logGroupArnList"]),
            **{m: params[m] for m in ("evaluationFrequency", "filterPattern", "kmsKeyId") if params.get(m) is not None},
            "anomalyDetectorStatus": "INITIALIZING",
            "creationTimeStamp": now,
            "lastModifiedTimeStamp": now,
            "anomalyVisibilityTime": params.get("anomalyVisibilityTime") or DEFAULT_VISIBILITY_DAYS,
            "enabled": True,
            **({"tags": dict(params["tags"])} if params.get("tags") else {}),
        }
        self.resources.of(ctx.region, KIND)[detector_id] = detector
        self.resources.save()
        return {"anomalyDetectorArn": arn}

    def get_log_anomaly_detector(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        shown = _shown(self._detector(ctx, params["anomalyDetectorArn"]))
        del shown["anomalyDetectorArn"]
        return shown

    def list_log_anomaly_detectors(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        found = sorted(self.resources.of(ctx.region, KIND).values(), key=_by_creation)
        wanted = params.get("filterLogGroupArn")
        if wanted:
            found = [d for d in found if group_name(wanted) in map(group_name, d["logGroupArnList"])]
        listed, token = page(KIND, found, params, params.get("limit") or DEFAULT_LIMIT, _by_creation)
        return {"anomalyDetectors": [_shown(d) for d in listed], **({"nextToken": token} if token else {})}

    def update_log_anomaly_detector(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        detector = self._detector(ctx, params["anomalyDetectorArn"])
        for member in ("evaluationFrequency", "filterPattern", "anomalyVisibilityTime"):
            if params.get(member) is not None:
                detector[member] = params[member]
        detector["enabled"] = params["enabled"]
        detector["anomalyDetectorStatus"] = "INITIALIZING" if params["enabled"] else "PAUSED"
        detector["lastModifiedTimeStamp"] = now_ms()
        self.resources.save()
        return {}

    def delete_log_anomaly_detector(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        detector = self._detector(ctx, params["anomalyDetectorArn"])
        del self.resources.of(ctx.region, KIND)[_detector_id(detector["anomalyDetectorArn"])]
        self.resources.save()
        return {}

    def list_anomalies(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("anomalyDetectorArn"):
            self._detector(ctx, params["anomalyDetectorArn"])
        return {"anomalies": []}

    def update_anomaly(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._detector(ctx, params["anomalyDetectorArn"])
        if not params.get("anomalyId") and not params.get("patternId"):
            raise InvalidParameterException("Either anomalyId or patternId must be specified.")  # Guessed wording.
        raise ResourceNotFoundException("The specified anomaly does not exist.")  # No anomalies: guessed wording.

    def _detector(self, ctx: RequestContext, arn: str) -> dict[str, Any]:
        detector = self.resources.of(ctx.region, KIND).get(_detector_id(arn))
        if detector is None or detector["anomalyDetectorArn"] != arn:
            raise ResourceNotFoundException("The specified anomaly detector does not exist.")  # Guessed wording.
        return detector


def _detector_id(arn: str) -> str:
    return arn.rsplit(":anomaly-detector:", 1)[-1]


def _by_creation(detector: dict[str, Any]) -> tuple[int, str]:
    return (detector["creationTimeStamp"], detector["anomalyDetectorArn"])


def _shown(detector: dict[str, Any]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, list) else v) for k, v in detector.items() if k not in _HIDDEN}
