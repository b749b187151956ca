# Loaded by the Python that runs moto_server for the verify integration tests (PYTHONPATH names this folder):
# moto 5.2.1 serves the CloudWatch alarm and Secrets Manager APIs but its CloudFormation does not model
# AWS::CloudWatch::Alarm or AWS::SecretsManager::Secret. These two models create them through moto's own
# backends, so the stack lists them with their physical ids as CloudFormation does (alarm name, secret ARN).
# Nothing else of moto changes.
import sys

_argv = getattr(sys, "argv", None)
try:
    sys.argv = _argv or [""]  # moto reads sys.argv at import; it is not set yet while site runs
    from moto.core.common_models import CloudFormationModel
except Exception:  # not the Python of moto_server
    CloudFormationModel = None
finally:
    if _argv is None:
        del sys.argv
    else:
        sys.argv = _argv

if CloudFormationModel is not None:

    class _Created:
        __module__ = "moto.golive_cfn"  # moto files every model under the service its module names
        def __init__(self, physical_id):
            self.physical_resource_id = physical_id

        def is_created(self):
            return True

    class GoliveAlarm(CloudFormationModel):
        __module__ = "moto.golive_cfn"
        @staticmethod
        def cloudformation_name_type():
            return "AlarmName"

        @staticmethod
        def cloudformation_type():
            return "AWS::CloudWatch::Alarm"

        @classmethod
        def has_cfn_attr(cls, attr):
            return attr == "Arn"

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
            from moto.cloudwatch.models import cloudwatch_backends
            p = cloudformation_json["Properties"]
            alarm = cloudwatch_backends[account_id][region_name].put_metric_alarm(
                name=p.get("AlarmName", resource_name), namespace=p.get("Namespace"), metric_name=p.get("MetricName"),
                comparison_operator=p["ComparisonOperator"], evaluation_periods=int(p["EvaluationPeriods"]),
                period=int(p.get("Period", 60)), threshold=float(p["Threshold"]), statistic=p.get("Statistic"),
                description=p.get("AlarmDescription"), dimensions=[{"name": d["Name"], "value": d["Value"]} for d in p.get("Dimensions", [])],
                alarm_actions=p.get("AlarmActions", []), actions_enabled=bool(p.get("ActionsEnabled", True)),
            )
            return _Created(alarm.name)

    class GoliveSecret(CloudFormationModel):
        __module__ = "moto.golive_cfn"
        @staticmethod
        def cloudformation_name_type():
            return "Name"

        @staticmethod
        def cloudformation_type():
            return "AWS::SecretsManager::Secret"

        @classmethod
        def has_cfn_attr(cls, attr):
            return False

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
            from moto.secretsmanager.models import secretsmanager_backends
            p = cloudformation_json["Properties"]
            backend = secretsmanager_backends[account_id][region_name]
            backend.create_secret(name=p.get("Name", resource_name), secret_string=p.get("SecretString"), secret_binary=None,
                                  description=p.get("Description"), tags=[], kms_key_id=p.get("KmsKeyId"),
                                  client_request_token=None, replica_regions=[], force_overwrite=False)
            return _Created(backend.describe_secret(p.get("Name", resource_name)).arn)
