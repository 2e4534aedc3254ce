"""moto's server (moto 5.2.1) with one fix for a bug our tests meet.

In the no-Docker Lambda mode (`{"lambda": {"use_docker": false}}`, which .ci/moto.sh turns on),
`PublishLayerVersion` stores layers in the simple backend, but `CreateFunction` and
`UpdateFunctionConfiguration` look layer ARNs up in the Docker backend: every `Layers` value is
refused with "One or more LayerVersion does not exist". Real Lambda accepts a layer version
published a moment before. This looks the ARNs up in the backend that serves the request's
account and region, whichever mode is on; everything else is moto's own.
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

if __name__ == "__main__":
    sys.exit(main())
