"""moto's server (moto 5.2.1) with two fixes for bugs our tests meet.

In the no-Docker Lambda mode (`{"lambda": {"use_docker": false}}`, which .ci/moto.sh turns on),
`PublishLayerVersion` stores layers in the simple backend, but `CreateFunction` and
`UpdateFunctionConfiguration` look layer ARNs up in the Docker backend: every `Layers` value is
refused with "One or more LayerVersion does not exist". Real Lambda accepts a layer version
published a moment before. This looks the ARNs up in the backend that serves the request's
account and region, whichever mode is on.

`CreateEventSourceMapping` with an alias's ARN as `FunctionName` records the unqualified
function's ARN as the mapping's `FunctionArn`; Lambda records the alias's ARN (a mapping on an
alias follows the alias, and is told apart from one on `$LATEST` by it). This keeps the ARN the
request named when it is one. Everything else is moto's own.
"""
import sys

from moto.awslambda import models
from moto.awslambda.exceptions import UnknownLayerVersionException
from moto.awslambda_simple.models import lambda_simple_backends
from moto.server import main


def _get_layers_data(self, arns):
    for backends in (lambda_simple_backends, models.lambda_backends):
        backend = backends[self.account_id][self.region]
        versions = [backend.layers_versions_by_arn(arn) for arn in arns]
        if all(versions):
            return [{"Arn": version.arn, "CodeSize": version.code_size} for version in versions]
    raise UnknownLayerVersionException(arns)


models.LambdaFunction._get_layers_data = _get_layers_data

_create_event_source_mapping = models.LambdaBackend.create_event_source_mapping


def create_event_source_mapping(self, spec):
    mapping = _create_event_source_mapping(self, spec)
    requested = spec.get("FunctionName", "")
    if requested.startswith("arn:") and mapping.function_arn != requested:
        mapping.function_arn = requested
    return mapping


models.LambdaBackend.create_event_source_mapping = create_event_source_mapping

if __name__ == "__main__":
    sys.exit(main())
