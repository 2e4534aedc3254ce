#!/usr/bin/env python3
"""Prints the HTTP request botocore builds for one operation, without sending it.

    botocore_request.py SERVICE OPERATION 'JSON PARAMS' [REGION]
    botocore_request.py --batch < cases.json     # [[service, operation, params], ...] → a JSON list

Output (JSON): method, canonical URI, canonical query, the headers that carry members
(X-Amz-Target, X-Amz-Invocation-Type, X-Amz-Log-Type, Content-Type) and the body, as botocore
serialised it. The request is stopped in `before-send`, so nothing reaches the network.
"""
import json
import sys
import urllib.parse

import botocore.auth
import botocore.awsrequest
import botocore.session



def capture_request(service, operation, params, region="us-east-1"):
    session = botocore.session.get_session()
    client = session.create_client(
        service, region_name=region, aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
        endpoint_url=f"https://{service}.{region}.amazonaws.com",
    )
    captured = {}

    def capture(request, **_):
        signer = botocore.auth.SigV4Auth(None, service, region)
        split = urllib.parse.urlsplit(request.url)
        captured.update({
            "method": request.method,
            "canonicalURI": signer._normalize_url_path(split.path),
            "canonicalQuery": signer._canonical_query_string_url(split),
            "headers": {
                k.lower(): v.decode() if isinstance(v, bytes) else v for k, v in request.headers.items()
                if k.lower() in ("x-amz-target", "x-amz-invocation-type", "x-amz-log-type", "content-type")
            },
            "body": (request.body or b"").decode() if isinstance(request.body, (bytes, bytearray)) else (request.body or ""),
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
    print(json.dumps([capture_request(service, operation, params) for service, operation, params in cases], sort_keys=True))
else:
    region = sys.argv[4] if len(sys.argv) > 4 else "us-east-1"
    print(json.dumps(capture_request(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), region), sort_keys=True))
