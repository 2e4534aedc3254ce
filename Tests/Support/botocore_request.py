#!/usr/bin/env python3
"""Prints the HTTP request botocore builds for one operation, without sending it.

    botocore_request.py SERVICE OPERATION 'JSON PARAMS' [REGION]
    botocore_request.py --batch < cases.json     # [[service, operation, params], ...] → a JSON list

Output (JSON): method, host, canonical URI, canonical query, the headers that carry members
(X-Amz-Target, X-Amz-Invocation-Type, X-Amz-Log-Type, Content-Type; for S3 also Content-MD5,
x-amz-meta-*, and which integrity header it sends) and the body, as botocore serialised it. The
request is stopped in `before-send`, so nothing reaches the network. S3 goes to its regional
endpoint, virtual-hosted, and its canonical URI is the path as sent (S3SigV4Auth's rule).
"""
import json
import os
import sys
import urllib.parse

import botocore.auth
import botocore.awsrequest
import botocore.config
import botocore.session



# The requests are for AWS's own endpoints, whatever the environment points elsewhere (moto).
for name in [name for name in os.environ if name.startswith("AWS_ENDPOINT_URL") or name == "AWS_PROFILE"]:
    del os.environ[name]


def body_text(body):
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, (bytes, bytearray)):
        return bytes(body).decode()
    return body or ""


def member_header(name, service):
    if name in ("x-amz-target", "x-amz-invocation-type", "x-amz-log-type", "content-type"):
        return True
    return service == "s3" and (name == "content-md5" or name.startswith("x-amz-meta-"))


def capture_request(service, operation, params, region="us-east-1"):
    session = botocore.session.get_session()
    if service == "s3":
        client = session.create_client(
            service, region_name=region, aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
            # Checksums only where S3 requires one (as this library sends them), not aws-chunked bodies.
            config=botocore.config.Config(s3={"addressing_style": "virtual"}, request_checksum_calculation="when_required"),
        )
    else:
        client = session.create_client(
            service, region_name=region, aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
            endpoint_url=f"https://{service}.{region}.amazonaws.com",
        )
    captured = {}

    def capture(request, **_):
        signer = (botocore.auth.S3SigV4Auth if service == "s3" else botocore.auth.SigV4Auth)(None, service, region)
        split = urllib.parse.urlsplit(request.url)
        headers = {k.lower(): v.decode() if isinstance(v, bytes) else v for k, v in request.headers.items()}
        captured.update({
            "method": request.method,
            "host": split.netloc,
            "canonicalURI": signer._normalize_url_path(split.path),
            "canonicalQuery": signer._canonical_query_string_url(split),
            "headers": {k: v for k, v in headers.items() if member_header(k, service)},
            "integrity": any(k == "content-md5" or (k.startswith("x-amz-checksum-") and k != "x-amz-checksum-mode") for k in headers),
            "body": body_text(request.body),
        })
        return botocore.awsrequest.AWSResponse(request.url, 200, {}, None)

    client.meta.events.register("before-send", capture)
    try:
        getattr(client, botocore.xform_name(operation))(**params)
    except Exception:
        pass  # the fake response does not parse; the request was captured
    return captured


if sys.argv[1] == "--batch":
    cases = json.load(sys.stdin)
    print(json.dumps([capture_request(*case) for case in cases], sort_keys=True))
else:
    region = sys.argv[4] if len(sys.argv) > 4 else "us-east-1"
    print(json.dumps(capture_request(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), region), sort_keys=True))
