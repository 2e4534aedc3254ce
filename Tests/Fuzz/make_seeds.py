#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into Tests/Fuzz/Corpus/<target>/.

Seeds come from the repository's own test data (the real-world manifests, the zip corpus, the
SigV4 suite when ../shared is beside the checkout) and from small hand-written cases of each
format. Run from anywhere: python3 Tests/Fuzz/make_seeds.py [--shared PATH]
"""
import argparse, glob, hashlib, io, os, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)


def put(target, data):
    folder = os.path.join(HERE, "Corpus", target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


def smallest(pattern, count, limit=6000):
    files = [f for f in glob.glob(pattern, recursive=True) if os.path.getsize(f) <= limit]
    return sorted(files, key=lambda f: (os.path.getsize(f), f))[::max(1, len(files) // count)][:count]


def zips():
    for path in glob.glob(os.path.join(TESTS, "DeployZipTests", "Corpus", "*.zip")):
        put("zipReader", open(path, "rb").read())
    for method in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", method) as z:
            z.writestr("lambda_function.py", "def lambda_handler(e, c):\n    return {'statusCode': 200}\n" * 4)
            z.writestr("lib/", "")
            link = zipfile.ZipInfo("lib/link")
            link.external_attr = (0o120777 << 16)
            z.writestr(link, "../lambda_function.py")
        put("zipReader", buffer.getvalue())


def manifests():
    real = os.path.join(TESTS, "DeployManifestsTests", "RealWorld")
    for path in smallest(os.path.join(real, "**", "serverless.yml"), 25):
        text = open(path, "rb").read()
        put("serverlessVariables", text)
        put("yamlComposer", text)
    for path in smallest(os.path.join(real, "**", ".gitlab-ci.yml"), 25):
        text = open(path, "rb").read()
        put("gitLabPipeline", text)
        put("yamlComposer", text)
    put("yamlComposer", "base: &b {a: 1, b: [1, 2]}\nderived:\n  <<: *b\n  c: !!str 3\nlist: [*b, *b]\n")
    put("yamlComposer", "--- !reference [.x, script]\n...\n---\nkey: |\n  text\n  more\nother: >-\n  folded\n")
    put("serverlessVariables",
        "service: app\nprovider:\n  name: aws\n  runtime: python3.12\n  stage: ${opt:stage, 'dev'}\n"
        "custom:\n  a: ${self:custom.b}\n  b: ${env:HOME, 'x'}-${self:provider.stage}\n"
        "functions:\n  hello:\n    handler: handler.hello\n    events:\n      - http: GET hello\n")
    put("gitLabPipeline",
        "stages: [build, deploy]\n.base: &base\n  image: python:3.12\n  rules:\n    - if: $CI_COMMIT_BRANCH == \"main\"\n"
        "build:\n  <<: *base\n  stage: build\n  script: [make]\n  artifacts: {paths: [dist/]}\n"
        "deploy:\n  extends: .base\n  stage: deploy\n  needs: [build]\n  script:\n    - !reference [.base, image]\n")
    for expression in [
        '$CI_COMMIT_BRANCH == "main"\nCI_COMMIT_BRANCH=main',
        '$CI_COMMIT_TAG =~ /^v\\d+\\.\\d+$/ && $DEPLOY != "false"\nCI_COMMIT_TAG=v1.2\nDEPLOY?',
        '($A || $B) && $C !~ /feat(ure)?-.*/i\nA=\nB=1\nC=feature-x',
        '$CI_PIPELINE_SOURCE == "merge_request_event" || $CI_COMMIT_REF_NAME =~ /^(main|release\\/.*)$/',
        '$X == null && $Y != null\nY=1',
        '$VAR =~ /[a-z]{2,4}(\\.[a-z]+)*$/',
    ]:
        put("gitLabRuleExpression", expression)


def wire():
    bodies = [
        (0x00, b'<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included '
               b'in the request is invalid.</Message></Error><RequestId>abc</RequestId></ErrorResponse>'),
        (0x10, b'<?xml version="1.0"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message>'
               b'<BucketName>b</BucketName></Error>'),
        (0x22, b'{"__type":"ResourceConflictException","message":"Function already exist: app","Type":"User"}'),
        (0x83, b'{"Message":"Rate exceeded","code":"TooManyRequestsException"}'),
        (0x41, b'<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not '
               b'match.\n\nThe Canonical String for this request should have been\n\'POST\n/\n\nhost:sts.amazonaws.com\n'
               b'x-amz-security-token:IQoJb3JpZ2luX2VjEXAMPLE\n\'</Message></Error></ErrorResponse>'),
        (0x74, b'<html><body>503 Service Unavailable</body></html>'),
    ]
    for first, body in bodies:
        put("awsErrorDecoder", bytes([first]) + body)
    for value in ["120", "0", "Wed, 21 Oct 2015 07:28:00 GMT", "Sun, 06 Nov 1994 08:49:37 GMT", "inf", "1e30", "-1", "3.5",
                  "2024-01-01T00:00:00.000+0000", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00.123456Z"]:
        put("retryAfterAndDates", value)
    requests = [
        b"GET /\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET /production/hello?a=1&b=%20x HTTP/1.1\r\nHost: 127.0.0.1:3000\r\n\r\n",
        b"POST /2018-06-01/runtime/invocation/abc/response HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello",
        b"POST /x HTTP/1.1\r\nHost: [::1]:9000\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        b"OPTIONS /production/hello HTTP/1.1\r\nHost: evil.example\r\nOrigin: http://a\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /again HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    ]
    for request in requests:
        put("loopbackRequest", request.replace(b"GET /\r\n", b"GET / HTTP/1.1\r\n"))


def sigv4(shared):
    suite = os.path.join(shared, "testdata", "sigv4-suite", "aws-2015-original")
    for path in sorted(glob.glob(os.path.join(suite, "**", "*.req"), recursive=True)):
        text = open(path, encoding="utf-8", errors="replace").read()
        head, _, body = text.partition("\n\n")
        lines = head.split("\n")
        method, _, rest = lines[0].partition(" ")
        target = rest.rsplit(" ", 1)[0]
        put("sigV4Canonicalizer", "\n".join([method, target] + lines[1:]) + "\n\n" + body)
    put("sigV4Canonicalizer", "PUT\n/my bucket/key%2Fwith/../dots?list-type=2&prefix=a%20b\nContent-Type: text/plain\n\nbody")
    put("sigV4Canonicalizer", "GET\n/?Param2=value2&Param1=value1&Param1=value0\nX-Amz-Meta-A:  spaced   value \n\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", default=os.path.join(os.path.dirname(os.path.dirname(TESTS)), "..", "shared"))
    arguments = parser.parse_args()
    zips()
    manifests()
    wire()
    sigv4(arguments.shared)
