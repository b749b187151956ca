import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ACK_NAMESPACE } from '../checklist/acknowledge';
import { k8sAcknowledgementIdProblem } from '../checks/golive-checks';
import { K8S_ACK_PREFIX } from '../checks/k8s/acknowledgements';

/**
 * One acknowledgement of the failing findings of a rule (or of the rules of a checklist item) on one Kubernetes
 * object.
 */
export interface GoLiveK8sAcknowledgementProps {
  /**
   * The id of a Kubernetes rule (`K8sPodDisruptionBudget`) or of a checklist item a Kubernetes rule reports on
   * (`K8S-POD-DISRUPTION-BUDGET`), as `docs/rules.md` and `npx cdk-golive catalog` list them (case-sensitive). The
   * `GoLiveChecks::` prefix of the AWS side's ids may be written; it is left out of the annotation.
   */
  readonly id: string;
  /** Why the finding is accepted: text that is not empty, shown in the reports beside the finding. */
  readonly reason: string;
}

/**
 * Acknowledgements of the checks' findings on one Kubernetes object of a cdk8s app: each is the annotation
 * `acknowledge.cdk-golive.io/<RuleOrItemId>: "<reason>"` on the object's `metadata.annotations`, which the checks
 * read from the manifests (`cdk-golive check`, the `GoLiveK8sValidation` cdk8s plugin, `checkApp`):
 *
 * ```ts
 * GoLiveK8sAcknowledgements.of(workload.podDisruptionBudget)
 *   .acknowledge({ id: 'K8sPodDisruptionBudget', reason: 'a single-replica batch worker: eviction is fine' });
 * ```
 *
 * It covers the failing findings of that rule (an item id: of the item's rules) reported on that object only: the
 * object the report names (a finding on a PodDisruptionBudget about a Deployment's pods is acknowledged on the
 * PodDisruptionBudget). They are reported as acknowledged, with the reason, and fail neither the synth nor
 * `cdk-golive check`; an acknowledgement that matches no finding is recorded in the report with `findings: 0`. The
 * equivalent of `Validations.of(construct).acknowledge({ id: 'GoLiveChecks::<id>', reason })` for CloudFormation.
 *
 * An acknowledgement does not change what a construct refuses: `ProductionWorkload` still refuses the props that
 * would weaken an item it claims.
 */
export class GoLiveK8sAcknowledgements {
  /** The prefix of the acknowledgement annotations' keys: `acknowledge.cdk-golive.io/`, followed by the rule or item id. */
  public static readonly ANNOTATION_PREFIX: string = K8S_ACK_PREFIX;

  /**
   * The acknowledgements of a Kubernetes object.
   * @param scope an `ApiObject`, or a construct whose default child is one (a cdk8s-plus `Deployment`, `Service`)
   * @throws when `scope` is neither
   */
  public static of(scope: IConstruct): GoLiveK8sAcknowledgements {
    let apiObject: ApiObject;
    try {
      apiObject = ApiObject.of(scope);
    } catch (e) {
      throw new Error(`GoLiveK8sAcknowledgements.of('${scope.node.path}'): not a Kubernetes object (an ApiObject, or a construct whose default child is one, such as a cdk8s-plus Deployment): ${(e as Error).message}. Acknowledge on the object the finding names (ProductionWorkload exposes its objects: deployment, podDisruptionBudget, networkPolicy, ...)`);
    }
    return new GoLiveK8sAcknowledgements(apiObject);
  }

  private constructor(private readonly apiObject: ApiObject) {}

  /**
   * Acknowledge the failing findings of a rule (or of the rules of an item) on this object: adds the annotation
   * `acknowledge.cdk-golive.io/<id>` with the reason (a second acknowledgement of the same id replaces the first).
   * @throws when the id is neither a Kubernetes rule nor an item one reports on (an AWS rule, an attestation item,
   * an unknown id), or the reason is empty: the mistakes the checks would refuse at synth
   */
  public acknowledge(props: GoLiveK8sAcknowledgementProps): void {
    const prefix = `${ACK_NAMESPACE}::`;
    const id = props.id.startsWith(prefix) ? props.id.substring(prefix.length) : props.id;
    const where = `GoLiveK8sAcknowledgements.of('${this.apiObject.node.path}').acknowledge({ id: '${props.id}' })`;
    if (typeof props.reason !== 'string' || props.reason.trim() === '') throw new Error(`${where}: the reason is empty; say why the finding is accepted`);
    const problem = k8sAcknowledgementIdProblem(id);
    if (problem !== undefined) throw new Error(`${where}: ${problem}`);
    this.apiObject.metadata.addAnnotation(`${K8S_ACK_PREFIX}${id}`, props.reason);
  }
}
