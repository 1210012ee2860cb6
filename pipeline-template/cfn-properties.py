"""Regenerates src/test/resources/cfn-properties.json: the properties each resource type
used by pipeline.yaml allows, at every nested object path, taken from the CloudFormation
registry schemas that cfn-lint ships and from the SAM translator's own models.

    pip install cfn-lint==1.51.0   # brings aws-sam-translator
    python3 pipeline-template/cfn-properties.py > pipeline-template/src/test/resources/cfn-properties.json

Paths join property names with '.', arrays are transparent and '*' stands for a key of a map
whose values have a fixed shape. A path that is absent is free-form (policy documents, tags,
environment variables) and is not checked.
"""
import json
import sys

from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
from samtranslator.internal.schema_source import aws_serverless_function as sam_function

CFN_TYPES = [
    "AWS::Pipes::Pipe",
    "AWS::SQS::Queue",
    "AWS::DynamoDB::Table",
    "AWS::IAM::Role",
    "AWS::CloudWatch::Alarm",
    "AWS::SNS::Topic",
    "AWS::Logs::LogGroup",
]


def schema_of(resource_type):
    return PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", resource_type).schema


def walk(root, node, path, out, seen):
    if not isinstance(node, dict):
        return
    if "$ref" in node:
        name = node["$ref"].split("/")[-1]
        if (name, path) in seen or path.count(".") > 6:
            return
        walk(root, root["definitions"][name], path, out, seen | {(name, path)})
        return
    for combinator in ("oneOf", "anyOf", "allOf"):
        for option in node.get(combinator, []):
            walk(root, option, path, out, seen)
    if "items" in node:
        walk(root, node["items"], path, out, seen)
    if "properties" in node:
        out.setdefault(path, set()).update(node["properties"].keys())
        for key, child in node["properties"].items():
            walk(root, child, f"{path}.{key}" if path else key, out, seen)
    for child in node.get("patternProperties", {}).values():
        walk(root, child, f"{path}.*" if path else "*", out, seen)


def cfn_paths(resource_type):
    schema = schema_of(resource_type)
    out = {}
    walk(schema, {"properties": schema["properties"]}, "", out, frozenset())
    for read_only in schema.get("readOnlyProperties", []):
        *parents, name = read_only.removeprefix("/properties/").split("/properties/")
        out.get(".".join(parents), set()).discard(name)
    return out


def serverless_function_paths():
    # The SAM models type most nested properties as pass-through to AWS::Lambda::Function and
    # AWS::Lambda::EventSourceMapping, so the nested shapes come from those schemas. Only the
    # SQS event type is described: it is the only one pipeline.yaml uses.
    out = {"": set(sam_function.Properties.__fields__.keys())}
    for path, keys in cfn_paths("AWS::Lambda::Function").items():
        if path and path.split(".")[0] in out[""]:
            out[path] = keys
    out["Events.*"] = set(sam_function.SQSEvent.__fields__.keys())
    out["Events.*.Properties"] = set(sam_function.SQSEventProperties.__fields__.keys())
    for path, keys in cfn_paths("AWS::Lambda::EventSourceMapping").items():
        if path.split(".")[0] in ("ScalingConfig", "FilterCriteria", "MetricsConfig"):
            out["Events.*.Properties." + path] = keys
    return out


result = {t: cfn_paths(t) for t in CFN_TYPES}
result["AWS::Serverless::Function"] = serverless_function_paths()
json.dump(
    {t: {p: sorted(k) for p, k in sorted(paths.items())} for t, paths in sorted(result.items())},
    sys.stdout,
    indent=1,
)
sys.stdout.write("\n")
