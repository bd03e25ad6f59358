#!/usr/bin/python3
"""Checks the answers the API tests recorded (CAF_NODE_EXCHANGE_LOG, one
JSON line an exchange) against the OpenAPI document a node serves: each
exchange must match a documented path and method (or be the 404, 405 or 501
the router gives for the others), its status must be documented, the
documented headers present, the media type listed and a JSON body valid
against the response's schema. Fails when nothing was recorded.

    check_answers.py --document openapi.json --exchanges DIR"""

import argparse
import glob
import json
import os
import re
import sys
import urllib.parse

from jsonschema import Draft202012Validator, RefResolver

# What the router answers for a path or method no route has.
UNROUTED_STATUSES = {404, 405, 501}


def path_matchers(document):
    """(regex, literal segment count, template) for every path, most literal first."""
    matchers = []
    for template in document["paths"]:
        pattern = "^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template)) + "$"
        literals = sum(1 for part in template.split("/") if part and not part.startswith("{"))
        matchers.append((re.compile(pattern), literals, template))
    return sorted(matchers, key=lambda matcher: -matcher[1])


class Checker:
    def __init__(self, document):
        self.document = document
        self.resolver = RefResolver("", document)
        self.matchers = path_matchers(document)
        self.failures = []
        self.checked = 0
        self.unrouted = 0
        self.operations_seen = set()

    def resolve(self, item):
        while "$ref" in item:
            item = self.resolver.resolve(item["$ref"])[1]
        return item

    def validate(self, schema, instance):
        validator = Draft202012Validator(schema, resolver=self.resolver)
        return [f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
                for error in validator.iter_errors(instance)]

    def fail(self, exchange, why):
        self.failures.append(f"{exchange['method']} {exchange['target']} -> "
                             f"{exchange['status']}: {why}")

    def check_examples(self):
        """The document's examples, recorded from real answers, must still
        match the schemas beside them. Returns how many were checked."""
        count = 0
        for template, item in self.document["paths"].items():
            for method, operation in item.items():
                for status, response in operation.get("responses", {}).items():
                    for media, content in self.resolve(response).get("content", {}).items():
                        if "example" not in content:
                            continue
                        count += 1
                        for error in self.validate(content.get("schema", {}), content["example"]):
                            self.failures.append(f"example of {method.upper()} {template} "
                                                 f"{status} {media}: {error}")
        return count

    def template_of(self, path):
        for regex, _, template in self.matchers:
            if regex.match(path):
                return template
        return None

    def check_error_body(self, exchange):
        body = exchange["body"].get("json")
        if body is None:
            return self.fail(exchange, "an error answer without a JSON body")
        for error in self.validate({"$ref": "#/components/schemas/Error"}, body):
            self.fail(exchange, "error body: " + error)

    def check(self, exchange):
        self.checked += 1
        target = exchange["target"]
        path = urllib.parse.urlsplit(target).path if target.startswith("/") else target
        method = "get" if exchange["method"] == "HEAD" else exchange["method"].lower()
        template = self.template_of(path)
        item = self.document["paths"].get(template, {})
        if method not in item:
            self.unrouted += 1
            if exchange["status"] not in UNROUTED_STATUSES:
                return self.fail(exchange, "no documented operation, and not an answer of the "
                                           "router for unknown paths and methods (404, 405, 501)")
            return self.check_error_body(exchange)
        operation = item[method]
        self.operations_seen.add((method, template))
        if operation.get("x-undescribed"):
            return self.fail(exchange, f"{template} has no description in http/openapi/")
        answer = operation["responses"].get(str(exchange["status"]))
        if answer is None:
            return self.fail(exchange, f"status {exchange['status']} is not documented for "
                                       f"{method.upper()} {template}")
        answer = self.resolve(answer)
        for name, header in answer.get("headers", {}).items():
            header = self.resolve(header)
            if header.get("required") and name.lower() not in exchange["headers"]:
                self.fail(exchange, f"the documented header {name} is missing")
        self.check_content(exchange, answer)

    def check_content(self, exchange, answer):
        content = answer.get("content")
        media_type = exchange["headers"].get("content-type", "").split(";")[0].strip().lower()
        if content is None:
            if "json" in exchange["body"] or exchange["body"].get("length"):
                self.fail(exchange, "a body where the document says none")
            return
        if exchange["method"] == "HEAD" and not media_type:
            return
        listed = None
        for key in content:
            kind, _, sub = key.lower().partition("/")
            if key.lower() == media_type or (sub == "*" and media_type.startswith(kind + "/")):
                listed = content[key]
                break
        if listed is None:
            return self.fail(exchange, f"media type {media_type!r} is not among "
                                       f"{sorted(content)}")
        if "json" in exchange["body"] and "schema" in listed:
            for error in self.validate(listed["schema"], exchange["body"]["json"]):
                self.fail(exchange, "body: " + error)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--document", required=True)
    parser.add_argument("--exchanges", required=True, help="folder of *.jsonl logs")
    args = parser.parse_args()
    with open(args.document) as file:
        document = json.load(file)
    checker = Checker(document)
    logs = sorted(glob.glob(os.path.join(args.exchanges, "*.jsonl")))
    per_log = {}
    for log in logs:
        with open(log) as file:
            lines = [line for line in file if line.strip()]
        per_log[os.path.basename(log)] = len(lines)
        for line in lines:
            checker.check(json.loads(line))
    examples = checker.check_examples()
    operations = sum(1 for item in document["paths"].values() for _ in item)
    print(f"{checker.checked} exchanges from {per_log}; {checker.unrouted} to no documented "
          f"operation; {len(checker.operations_seen)} of {operations} documented operations "
          f"exercised; {examples} examples valid against their schemas")
    for failure in checker.failures[:200]:
        print("FAIL", failure)
    if examples == 0:
        print("FAIL the document has no examples")
        return 1
    if checker.checked == 0:
        print("FAIL no exchanges were recorded in", args.exchanges)
        return 1
    if checker.failures:
        print(f"{len(checker.failures)} answers disagree with the document")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
