#!/usr/bin/python3
"""Starts a caf-node on free ports, fetches GET /v1/openapi.json and writes
it to --out, for the openapi_answers and openapi_lint tests. Fails when the
document is not JSON, lacks OpenAPI 3.1, or lists a route without a
description (x-undescribed)."""

import argparse
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system",
                                "harness"))
import caf_node  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--caf-node", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    node = caf_node.Node(os.path.abspath(args.caf_node), args.work).start()
    try:
        status, body, response = caf_node.request(node.port, "GET", "/v1/openapi.json")
    finally:
        node.remove()
    if status != 200 or not response.getheader("Content-Type", "").startswith("application/json"):
        print(f"GET /v1/openapi.json answered {status}: {body[:300]!r}")
        return 1
    document = json.loads(body)
    if not document.get("openapi", "").startswith("3.1."):
        print("not an OpenAPI 3.1 document:", document.get("openapi"))
        return 1
    undescribed = [f"{method.upper()} {path}" for path, item in document["paths"].items()
                   for method, operation in item.items() if operation.get("x-undescribed")]
    if undescribed:
        print("routes without a description in http/openapi/:", ", ".join(undescribed))
        return 1
    folder = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(folder, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=folder, delete=False) as file:
        json.dump(document, file, indent=1, sort_keys=True)
    os.replace(file.name, args.out)
    operations = sum(1 for item in document["paths"].values() for _ in item)
    print(f"{args.out}: {len(document['paths'])} paths, {operations} operations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
