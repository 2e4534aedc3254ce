"""moto's server (moto 5.2.1) with seven fixes for bugs and gaps our tests meet.

In the no-Docker Lambda mode (`{"lambda": {"use_docker": false}}`, which .ci/moto.sh turns on),
`PublishLayerVersion` stores layers in the simple backend, but `CreateFunction` and
`UpdateFunctionConfiguration` look layer ARNs up in the Docker backend: every `Layers` value is
refused with "One or more LayerVersion does not exist". Real Lambda accepts a layer version
published a moment before. This looks the ARNs up in the backend that serves the request's
account and region, whichever mode is on.

`CreateEventSourceMapping` with an alias's ARN as `FunctionName` records the unqualified
function's ARN as the mapping's `FunctionArn`; Lambda records the alias's ARN (a mapping on an
alias follows the alias, and is told apart from one on `$LATEST` by it). This keeps the ARN the
request named when it is one.

CloudFormation's Lambda resources (`AWS::Lambda::Function`, `Version`, `Permission`,
`LayerVersion`, `EventSourceMapping`) are created in `lambda_backends`, the Docker backend, also
in the no-Docker mode, where the Lambda API answers from the simple backend: a function a stack
created is then "not found". This makes `lambda_backends` pick the backend the API serves, as
moto's own `awslambda.utils.get_backend` does.

An `AWS::IAM::Role`'s inline `Policies` are stored as the template's objects, not as JSON text
(its trust policy is converted): `GetRolePolicy` then answers with a Python dictionary's text.
This converts them as IAM's `PutRolePolicy` would receive them.

API Gateway v2's `GetAuthorizers` (list an HTTP API's authorizers) is not implemented, though
`CreateAuthorizer`/`GetAuthorizer`/`UpdateAuthorizer`/`DeleteAuthorizer` are: this lists the
API's authorizers as `GetAuthorizer` shows each one.

`UpdateRoute` with `authorizationScopes: []` keeps the route's old scopes (moto skips an empty
list); API Gateway replaces them. This applies the list the request sent, empty too.

`RemovePermission` reads its `RevisionId` query parameter as a list, so any revision is refused
as stale (`PreconditionFailedException`), and it ignores `Qualifier` (removing from the
unqualified function's policy). This passes the revision as text and removes from the policy
`GetPolicy` shows for that qualifier. Everything else is moto's own.
"""
import json
import sys
from urllib.parse import unquote

from moto.awslambda import models
from moto.awslambda.exceptions import UnknownLayerVersionException
from moto.awslambda.responses import LambdaResponse
from moto.apigatewayv2 import models as apigatewayv2_models
from moto.apigatewayv2.responses import ApiGatewayV2Response
from moto.awslambda_simple.models import lambda_simple_backends
from moto.core.models import default_user_config
from moto.iam.models import Role
from moto.server import main

_docker_backends = models.lambda_backends


def _get_layers_data(self, arns):
    for backends in (lambda_simple_backends, _docker_backends):
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

class _ServingBackends:
    """`lambda_backends[account][region]` as the Lambda API serves it: the simple backend when Docker is off."""

    def __getitem__(self, account_id):
        use_docker = default_user_config.get("lambda", {}).get("use_docker", True) is not False
        return (_docker_backends if use_docker else lambda_simple_backends)[account_id]


models.lambda_backends = _ServingBackends()

_role_from_cloudformation = Role.create_from_cloudformation_json.__func__


def role_from_cloudformation(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    for policy in cloudformation_json.get("Properties", {}).get("Policies", []):
        if not isinstance(policy.get("PolicyDocument"), str):
            policy["PolicyDocument"] = json.dumps(policy["PolicyDocument"])
    return _role_from_cloudformation(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)


Role.create_from_cloudformation_json = classmethod(role_from_cloudformation)



def get_authorizers(self):
    api = self.apigatewayv2_backend.get_api(self.path.split("/")[-2])
    return 200, {}, json.dumps({"items": [authorizer.to_json() for authorizer in api.authorizers.values()]})


ApiGatewayV2Response.get_authorizers = get_authorizers

_update_route = apigatewayv2_models.Route.update


def update_route(self, api_key_required, authorization_scopes, *args, **kwargs):
    _update_route(self, api_key_required, authorization_scopes, *args, **kwargs)
    if authorization_scopes is not None:
        self.authorization_scopes = authorization_scopes


apigatewayv2_models.Route.update = update_route


def remove_permission(self):
    function_name = unquote(self.path.split("/")[-3])
    statement_id = self.path.split("/")[-1].split("?")[0]
    revision = self.querystring.get("RevisionId", [""])[0]
    qualifier = self.querystring.get("Qualifier", [None])[0]
    function = self.backend._lambdas.get_function_by_name_or_arn_with_qualifier(function_name, qualifier)
    function.policy.del_statement(statement_id, revision)
    return 204, {"status": 204}, "{}"


LambdaResponse.remove_permission = remove_permission

if __name__ == "__main__":
    sys.exit(main())
