"""Checks recorded AWS requests against botocore's service models, with botocore's own parameter validator.

Input (argv[1]): a JSON list of {"operation": "MediaLive.CreateChannel", "method", "pathAndQuery", "headers", "body"}.
Each request is read back into botocore's parameters the way the service reads it (URI, query string, headers and
a rest-json or rest-xml body, by the members' wire names), then checked: botocore's ParamValidator (required
members, types, minimums, unknown members) and what it leaves out (enum values, maximum lengths and values).
Output: one line per problem; nothing when every request is valid.
"""

import json
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ElementTree

import botocore.session
from botocore.validate import ParamValidator

SERVICES = {"MediaLive": "medialive", "MediaPackage": "mediapackage", "CloudFront": "cloudfront", "Ivs": "ivs"}


def wire_name(name, shape):
    return shape.serialization.get("name", name)


def uri_values(operation, path):
    """The URI members' values: the request URI template's {Name} and {Name+} labels matched against the path."""
    template = operation.http["requestUri"].split("?")[0]
    labels = []
    pattern = ""
    for literal, label in re.findall(r"([^{]*)(?:\{([^}]+)\})?", template):
        pattern += re.escape(literal)
        if label:
            greedy = label.endswith("+")
            labels.append(label.rstrip("+"))
            pattern += "(.+)" if greedy else "([^/]+)"
    match = re.fullmatch(pattern, path)
    if match is None:
        raise ValueError(f"path {path} does not match {template}")
    return {label: urllib.parse.unquote(value) for label, value in zip(labels, match.groups())}


def from_json(shape, value, path, problems):
    if shape.type_name == "structure":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected an object, got {value!r}")
            return None
        params = {}
        by_wire = {wire_name(name, member): (name, member) for name, member in shape.members.items()}
        for key, item in value.items():
            if key not in by_wire:
                problems.append(f"{path}.{key}: not a member of {shape.name}")
                continue
            name, member = by_wire[key]
            params[name] = from_json(member, item, f"{path}.{key}", problems)
        return params
    if shape.type_name == "list":
        if not isinstance(value, list):
            problems.append(f"{path}: expected a list, got {value!r}")
            return None
        return [from_json(shape.member, item, f"{path}[{i}]", problems) for i, item in enumerate(value)]
    if shape.type_name == "map":
        return {key: from_json(shape.value, item, f"{path}.{key}", problems) for key, item in value.items()}
    return value


def from_xml(shape, node, path, problems):
    if shape.type_name == "structure":
        params = {}
        by_wire = {wire_name(name, member): (name, member) for name, member in shape.members.items()}
        for child in node:
            tag = child.tag.split("}")[-1]
            if tag not in by_wire:
                problems.append(f"{path}.{tag}: not a member of {shape.name}")
                continue
            name, member = by_wire[tag]
            params[name] = from_xml(member, child, f"{path}.{tag}", problems)
        return params
    if shape.type_name == "list":
        if shape.serialization.get("flattened"):
            raise ValueError(f"{path}: flattened lists are not read here")
        return [from_xml(shape.member, child, f"{path}[{i}]", problems) for i, child in enumerate(node)]
    text = node.text or ""
    if shape.type_name in ("integer", "long"):
        return int(text)
    if shape.type_name in ("double", "float"):
        return float(text)
    if shape.type_name == "boolean":
        if text not in ("true", "false"):
            problems.append(f"{path}: {text!r} is not a boolean")
        return text == "true"
    return text


# Model patterns that match nothing the service itself issues, so they cannot be what it checks, and the pattern
# meant. IVS's resourceArn (TagResource, ListTagsForResource, UntagResource) allows one letter before the "/", where
# every ARN IVS gives out names its resource type there ("channel/...", "stream-key/...", "playback-key/...").
CORRECTED_PATTERNS = {
    "arn:aws:ivs:[a-z0-9-]+:[0-9]+:[a-z-]/[a-zA-Z0-9-]+": "arn:aws:ivs:[a-z0-9-]+:[0-9]+:[a-z-]+/[a-zA-Z0-9-]+",
}


def matches(pattern, value):
    """A model pattern is not anchored unless it says so (Smithy's rule); one Python cannot compile is not checked."""
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return True


def limits(shape, value, path, problems):
    """What ParamValidator does not check: enum values and maximums."""
    if value is None:
        return
    metadata = shape.metadata
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, item in value.items():
            if name in shape.members:
                limits(shape.members[name], item, f"{path}.{name}", problems)
    elif shape.type_name == "list" and isinstance(value, list):
        if "max" in metadata and len(value) > metadata["max"]:
            problems.append(f"{path}: {len(value)} items, more than the {metadata['max']} allowed")
        for i, item in enumerate(value):
            limits(shape.member, item, f"{path}[{i}]", problems)
    elif shape.type_name == "map" and isinstance(value, dict):
        for key, item in value.items():
            limits(shape.key, key, f"{path} key", problems)
            limits(shape.value, item, f"{path}.{key}", problems)
    elif shape.type_name == "string" and isinstance(value, str):
        if shape.enum and value not in shape.enum:
            problems.append(f"{path}: {value!r} is not one of {shape.name}'s values")
        if "max" in metadata and len(value) > metadata["max"]:
            problems.append(f"{path}: {len(value)} characters, more than the {metadata['max']} allowed")
        if "pattern" in metadata and not matches(CORRECTED_PATTERNS.get(metadata["pattern"], metadata["pattern"]), value):
            problems.append(f"{path}: {value!r} does not match {metadata['pattern']}")
    elif shape.type_name in ("integer", "long", "double", "float") and isinstance(value, (int, float)):
        if "max" in metadata and value > metadata["max"]:
            problems.append(f"{path}: {value} is more than the maximum {metadata['max']}")


def params_of(operation, request, problems):
    shape = operation.input_shape
    if shape is None:
        return {}
    url = urllib.parse.urlsplit(request["pathAndQuery"])
    query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
    headers = {name.lower(): value for name, value in request["headers"].items()}
    uri = uri_values(operation, url.path)
    params = {}
    body_members = {}
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire = wire_name(name, member)
        if location == "uri":
            if wire in uri:
                params[name] = int(uri[wire]) if member.type_name in ("integer", "long") else uri[wire]
        elif location == "querystring":
            if wire in query:
                values = query[wire]
                params[name] = values if member.type_name == "list" else (int(values[0]) if member.type_name in ("integer", "long") else values[0])
        elif location == "header":
            if wire.lower() in headers:
                params[name] = headers[wire.lower()]
        else:
            body_members[name] = member
    body = request["body"]
    payload = shape.serialization.get("payload")
    if payload is not None:
        if body:
            member = shape.members[payload]
            if member.type_name == "structure":
                root = ElementTree.fromstring(body)
                params[payload] = from_xml(member, root, payload, problems)
            else:
                params[payload] = body
    elif body:
        document = json.loads(body)
        for key, item in document.items():
            matches = [name for name, member in body_members.items() if wire_name(name, member) == key]
            if not matches:
                problems.append(f"{key}: not a member of {shape.name}")
                continue
            params[matches[0]] = from_json(body_members[matches[0]], item, key, problems)
    return params


def main():
    session = botocore.session.get_session()
    models = {service: session.get_service_model(name) for service, name in SERVICES.items()}
    with open(sys.argv[1], encoding="utf-8") as file:
        requests = json.load(file)
    validator = ParamValidator()
    for request in requests:
        service, name = request["operation"].split(".", 1)
        if service not in models:
            continue
        operation = models[service].operation_model(name)
        problems = []
        params = params_of(operation, request, problems)
        if operation.input_shape is not None:
            report = validator.validate(params, operation.input_shape)
            if report.has_errors():
                problems.extend(line.strip() for line in report.generate_report().splitlines() if line.strip())
            limits(operation.input_shape, params, name, problems)
        for problem in problems:
            print(f"{request['operation']} {request['method']} {request['pathAndQuery']}: {problem}")


if __name__ == "__main__":
    main()
