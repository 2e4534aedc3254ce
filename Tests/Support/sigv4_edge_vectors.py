#!/usr/bin/env python3
"""Writes Tests/DeploySigV4Tests/Vectors/edge-cases.json: requests signed by botocore's own
SigV4Auth (clock frozen per case), in the `sigv4-vectors/1` format of
shared/testdata/sigv4-botocore, for the edges the signer's fast paths take:

- header names that share their first 8 or 16 bytes, names of exactly 16 and 17 bytes, repeats
  of long names interleaved with other headers (the signer compares names on a 16-byte prefix);
- values needing whitespace folding at every offset of a 32-byte block, and long clean values;
- a request signed again (Authorization, X-Amz-Date, X-Amz-Security-Token already present);
- default and non-default ports, an explicit Host header;
- dates around leap days, century years and the epoch (the signer formats dates itself).

Run: python3 Tests/Support/sigv4_edge_vectors.py > Tests/DeploySigV4Tests/Vectors/edge-cases.json
"""
import base64
import datetime
import json
import sys
from unittest import mock

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

KEYS = ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE/+" * 30


def sign(case_id, description, *, method, url, headers, body=b"", service="lambda", region="us-east-1",
         timestamp="20251124T101500Z", token=None):
    credentials = Credentials(KEYS[0], KEYS[1], token)
    request = AWSRequest(method=method, url=url, data=body)
    for name, value in headers:
        request.headers[name] = value  # an email.message.Message: assignment appends, repeats kept
    now = datetime.datetime.strptime(timestamp, "%Y%m%dT%H%M%SZ")
    auth = botocore.auth.SigV4Auth(credentials, service, region)
    seen = {}
    canonical_request, string_to_sign_of = auth.canonical_request, auth.string_to_sign

    def record_canonical(req):
        seen["canonical"] = canonical_request(req)
        return seen["canonical"]

    def record_string_to_sign(req, canonical):
        seen["string_to_sign"] = string_to_sign_of(req, canonical)
        return seen["string_to_sign"]

    auth.canonical_request, auth.string_to_sign = record_canonical, record_string_to_sign
    with mock.patch("botocore.auth.get_current_datetime", return_value=now):
        auth.add_auth(request)
    canonical, string_to_sign = seen["canonical"], seen["string_to_sign"]
    key = auth._sign(("AWS4" + KEYS[1]).encode(), timestamp[:8])
    key = auth._sign(key, region)
    key = auth._sign(key, service)
    key = auth._sign(key, "aws4_request")
    authorization = request.headers["Authorization"]
    signature = authorization.rsplit("Signature=", 1)[1]
    signed_headers = authorization.split("SignedHeaders=", 1)[1].split(",", 1)[0]
    return {
        "id": case_id,
        "description": description,
        "tags": [],
        "signing": "header",
        "service": service,
        "region": region,
        "timestamp": timestamp,
        "credentials": {"access_key_id": KEYS[0], "secret_access_key": KEYS[1],
                        **({"session_token": token} if token else {})},
        "request": {"method": method, "url": url, "headers": [list(h) for h in headers],
                    "body_b64": base64.b64encode(body).decode()},
        "expected": {
            "canonical_request": canonical,
            "string_to_sign": string_to_sign,
            "signing_key_hex": key.hex(),
            "signature": signature,
            "signed_headers": signed_headers,
            "authorization": authorization,
            "headers_after_signing": [[k, v] for k, v in request.headers.items()],
        },
    }


def cases():
    base = "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/myLambdaFunction/code"
    yield sign("prefix-16", "names sharing 8 and 16 bytes, of 16 and 17 bytes, repeats of long names",
               method="PUT", url=base, body=b'{"Publish":true}', token=TOKEN, headers=[
                   ("X-Amz-Meta-Project-Name", "deploy"),
                   ("x-amz-meta-abcde", "sixteen"),
                   ("X-Amz-Meta-Project-Id", "42"),
                   ("x-amz-meta-abcdef", "seventeen"),
                   ("Content-Type", "application/json"),
                   ("x-amz-meta-project-name", "second"),
                   ("X-Amz-Meta-Project", "eighteen"),
                   ("amz-sdk-invocation-id", "0b0f3f6e-2b7a-4c1d-8d2e-3f4a5b6c7d8e"),
                   ("amz-sdk-request", "attempt=1; max=3"),
                   ("x-amz-meta-project-name", "third"),
               ])
    for offset in (0, 7, 8, 15, 31, 32, 33, 63):
        value = "a" * offset + "  b\tc" + "d" * (70 - offset)
        yield sign(f"fold-{offset}", f"a double space and a tab {offset} bytes into a 75-byte value",
                   method="GET", url=base, headers=[("X-Custom", value), ("X-Trailing", "x" * 40 + "   ")])
    yield sign("fold-clean-long", "long values without whitespace to fold, one with single spaces",
               method="GET", url=base, token=TOKEN,
               headers=[("X-Long", "z" * 333), ("X-Spaced", " ".join(["word"] * 50))])
    yield sign("resign", "a request signed before: Authorization, X-Amz-Date and the token are replaced",
               method="POST", url="https://sts.amazonaws.com/", service="sts", body=b"Action=GetCallerIdentity&Version=2011-06-15",
               token=TOKEN, headers=[
                   ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                   ("Authorization", "AWS4-HMAC-SHA256 Credential=OLD/20000101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00"),
                   ("X-Amz-Date", "20000101T000000Z"),
                   ("X-Amz-Security-Token", "stale-token"),
               ])
    yield sign("port-default", "https with :443 in the URL: the port is not signed",
               method="GET", url="https://iam.amazonaws.com:443/?Action=GetUser&Version=2010-05-08", service="iam", headers=[])
    yield sign("port-other", "http on a non-default port keeps the port",
               method="GET", url="http://127.0.0.1:5000/2015-03-31/functions", headers=[])
    yield sign("host-given", "an explicit Host header is signed as given",
               method="GET", url=base, headers=[("Host", "lambda.example.internal")])
    for stamp in ("19700101T000000Z", "19991231T235959Z", "20000229T120000Z", "20240229T235959Z",
                  "21000301T000001Z", "20381231T235959Z", "20261126T195543Z"):
        yield sign(f"date-{stamp}", f"signed at {stamp}", method="GET", url=base, timestamp=stamp, headers=[])


def main():
    out = {
        "format": "sigv4-vectors/1",
        "generator": "Tests/Support/sigv4_edge_vectors.py",
        "seed": "edge cases of the signer's fast paths",
        "botocore_version": botocore.__version__,
        "python_version": sys.version.split()[0],
        "conventions": ["as shared/testdata/sigv4-botocore/README.md"],
        "tag_counts": {},
        "cases": list(cases()),
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
