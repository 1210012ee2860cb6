"""Prints the CloudFormation template the SAM translator makes of a SAM template, as `sam deploy`
would before CloudFormation sees it, offline: a fixed region, no AWS call, and the functions' local
CodeUri jars replaced by S3 locations (what `sam deploy` and `aws cloudformation package` upload).

    python3 pipeline-template/sam-translate.py pipeline.yaml [parameters.json] > translated.json

parameters.json, as `cfn-lint --parameter-files` reads it, sets parameters:
[{"ParameterKey": "Name", "ParameterValue": "value" or ["list", "values"]}, ...].
"""
import json
import sys

import boto3
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator
from samtranslator.yaml_helper import yaml_parse

REGION = "us-east-1"


def main(path, parameter_file=None):
    with open(path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties", {})
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(properties.get("CodeUri"), str):
            properties["CodeUri"] = "s3://artifacts/" + properties["CodeUri"]
    parameters = {}
    if parameter_file:
        with open(parameter_file, encoding="utf-8") as f:
            parameters = {p["ParameterKey"]: p["ParameterValue"] for p in json.load(f)}
    translator = Translator(managed_policy_map={}, sam_parser=Parser(), boto_session=boto3.Session(region_name=REGION))
    json.dump(translator.translate(sam_template=template, parameter_values=parameters), sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(*sys.argv[1:])
