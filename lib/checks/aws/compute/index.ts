import { AwsRule } from '../../rule';
import { ComputeProvisioned } from './compute-provisioned';
import { NoPublicRemoteAccess } from './compute-no-remote-access';
import { ComputeTimeSync } from './compute-time-sync';
import { Ec2Imdsv2Required } from './ec2-imdsv2-required';
import { EcrLifecyclePolicy } from './ecr-lifecycle-policy';
import { EcrTagImmutability } from './ecr-tag-immutability';
import { EcsContainerNonRootUser } from './ecs-container-non-root-user';
import { EcsContainerNotPrivileged } from './ecs-container-not-privileged';
import { EcsContainerReadOnlyRoot } from './ecs-container-read-only-root';
import { EcsImageImmutable } from './ecs-image-immutable';
import { InstanceNoKeyPair } from './instance-no-key-pair';
import { LambdaCodeImmutable } from './lambda-code-immutable';
import { TargetGroupConnectionDraining } from './target-group-connection-draining';
import { TargetGroupStickinessDeliberate } from './target-group-stickiness';

/** Rules of the compute area (provisioning, hardening, remote access, artifacts, draining). @internal */
export const COMPUTE_RULES: AwsRule[] = [
  ComputeProvisioned,
  NoPublicRemoteAccess,
  InstanceNoKeyPair,
  EcsContainerNotPrivileged,
  EcsContainerReadOnlyRoot,
  EcsContainerNonRootUser,
  Ec2Imdsv2Required,
  ComputeTimeSync,
  TargetGroupConnectionDraining,
  TargetGroupStickinessDeliberate,
  EcrTagImmutability,
  EcrLifecyclePolicy,
  EcsImageImmutable,
  LambdaCodeImmutable,
];
