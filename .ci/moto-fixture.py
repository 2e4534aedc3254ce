#!/usr/bin/env python3
"""Prepares a fresh moto server for the integration tests, then switches auth on.

With auth off it creates two IAM users with access keys: `deploy-admin` (an `Action: *`
inline policy) and `deploy-limited` (only sts:GetCallerIdentity and iam:GetUser). Then it
POSTs `0` to /moto-api/reset-auth, so that from the next call on moto verifies every SigV4
signature and evaluates IAM permissions. It prints the keys as shell assignments for
`.ci/test` to export; nothing is printed to the terminal.
"""
import json
import sys
import urllib.request

import boto3

endpoint = sys.argv[1]


def moto_api(path, body):
    # text/plain: moto reads the raw body, which Flask empties for form-encoded requests.
    request = urllib.request.Request(endpoint + path, data=body, method="POST", headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()


moto_api("/moto-api/reset-auth", b"inf")
iam = boto3.client(
    "iam", endpoint_url=endpoint, region_name="us-east-1",
    aws_access_key_id="testing", aws_secret_access_key="testing",
)

def user(name, statements):
    iam.create_user(UserName=name)
    iam.put_user_policy(
        UserName=name, PolicyName=f"{name}-policy",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}),
    )
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


admin = user("deploy-admin", [{"Effect": "Allow", "Action": "*", "Resource": "*"}])
limited = user("deploy-limited", [{"Effect": "Allow", "Action": ["sts:GetCallerIdentity", "iam:GetUser"], "Resource": "*"}])
moto_api("/moto-api/reset-auth", b"0")

print(f"DEPLOY_TEST_ADMIN_ACCESS_KEY_ID={admin[0]}")
print(f"DEPLOY_TEST_ADMIN_SECRET_ACCESS_KEY={admin[1]}")
print(f"DEPLOY_TEST_LIMITED_ACCESS_KEY_ID={limited[0]}")
print(f"DEPLOY_TEST_LIMITED_SECRET_ACCESS_KEY={limited[1]}")
