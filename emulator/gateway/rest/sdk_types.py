"""GetSdkTypes / GetSdkType: the client SDKs API Gateway generates, and what each one asks for.

A static catalogue, declared as data: the ids GetSdk accepts (java,
javascript, android, objectivec, swift, ruby) with their configuration
properties (the GetSdk ``parameters``), the required ones as the API reference
lists them: ``classPrefix`` for the iOS SDKs, ``groupId``, ``artifactId``,
``artifactVersion`` and ``invokerPackage`` for Android, ``serviceName`` and
``javaPackageName`` for Java, ``serviceName`` for Ruby.
"""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .errors import NotFoundException
from .pages import page


def _property(name: str, friendly_name: str, description: str, required: bool, default: str | None = None) -> dict[str, Any]:
    prop: dict[str, Any] = {
        "name": name,
        "friendlyName": friendly_name,
        "description": description,
        "required": required,
    }
    if default is not None:
        prop["defaultValue"] = default
    return prop


_CLASS_PREFIX = _property("classPrefix", "Prefix", "Class prefix of the generated SDK", True)
_SERVICE_NAME = _property("serviceName", "Service Name", "Name of the service client", True)

SDK_TYPES: tuple[dict[str, Any], ...] = (
    {
        "id": "android",
        "friendlyName": "Android",
        "description": "Java SDK for Android apps",
        "configurationProperties": [
            _property("groupId", "Group ID", "Maven group id of the generated project", True),
            _property("artifactId", "Artifact ID", "Maven artifact id of the generated project", True),
            _property("artifactVersion", "Artifact Version", "Maven artifact version of the generated project", True),
            _property("invokerPackage", "Invoker Package", "Java package of the generated client", True),
        ],
    },
    {
        "id": "java",
        "friendlyName": "Java",
        "description": "Java SDK",
        "configurationProperties": [
            _SERVICE_NAME,
            _property("javaPackageName", "Java Package Name", "Java package of the generated client", True),
            _property("javaBuildSystem", "Java Build System", "Build system of the generated project", False, "maven"),
            _property("javaGroupId", "Java Group Id", "Group id of the generated project", False),
            _property("javaArtifactId", "Java Artifact Id", "Artifact id of the generated project", False),
            _property("javaArtifactVersion", "Java Artifact Version", "Artifact version of the generated project", False),
            _property("licenseText", "Source Code License Text", "License text of the generated sources", False),
        ],
    },
    {"id": "javascript", "friendlyName": "JavaScript", "description": "JavaScript SDK", "configurationProperties": []},
    {
        "id": "objectivec",
        "friendlyName": "iOS (Objective-C)",
        "description": "Objective-C SDK for iOS apps",
        "configurationProperties": [_CLASS_PREFIX],
    },
    {
        "id": "ruby",
        "friendlyName": "Ruby",
        "description": "Ruby SDK",
        "configurationProperties": [
            _SERVICE_NAME,
            _property("rubyGemName", "Ruby Gem Name", "Name of the generated gem", False),
            _property("rubyGemVersion", "Ruby Gem Version", "Version of the generated gem", False),
        ],
    },
    {
        "id": "swift",
        "friendlyName": "iOS (Swift)",
        "description": "Swift SDK for iOS apps",
        "configurationProperties": [_CLASS_PREFIX],
    },
)
_BY_ID = {sdk_type["id"]: sdk_type for sdk_type in SDK_TYPES}


class SdkTypesOperations:
    def get_sdk_types(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return page(SDK_TYPES, params)

    def get_sdk_type(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        found = _BY_ID.get(params["id"])
        if found is None:
            raise NotFoundException("Invalid SDK type specified")
        return found
