import { k8s } from 'cdk8s-plus-28';

/**
 * Pods a workload talks to (or is called by), for its NetworkPolicy.
 */
export interface PodPeerOptions {
  /**
   * Labels of the peer pods. An empty map selects every pod of the namespace.
   */
  readonly labels: { [key: string]: string };
  /**
   * The peer's namespace.
   * @default - the workload's own namespace
   */
  readonly namespaceName?: string;
  /**
   * TCP ports allowed. At least one: a NetworkPolicy rule without ports opens every port.
   */
  readonly ports: number[];
}

/**
 * A declared network peer of a workload: the NetworkPolicy allows exactly these
 * (checklist items NET-RESTRICTED-INGRESS, K8S-NETWORK-POLICY).
 *
 * ```ts
 * WorkloadPeer.pods({ labels: { 'app.kubernetes.io/name': 'redis' }, ports: [6379] });
 * WorkloadPeer.cidr('10.0.0.0/16', [5432]);   // a managed database in the VPC
 * ```
 */
export class WorkloadPeer {
  /** Pods selected by labels, optionally in another namespace. */
  public static pods(options: PodPeerOptions): WorkloadPeer {
    checkPorts(options.ports);
    const peer: k8s.NetworkPolicyPeer = {
      podSelector: { matchLabels: { ...options.labels } },
      ...(options.namespaceName ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': options.namespaceName } } } : {}),
    };
    const where = `${options.namespaceName ? options.namespaceName + '/' : ''}${Object.entries(options.labels).map(([k, v]) => `${k}=${v}`).join(',') || '*'}`;
    return new WorkloadPeer(peer, options.ports, where);
  }

  /**
   * An IP block (a managed database or cache outside the cluster, a VPC range).
   * @param cidr e.g. `10.0.0.0/16`
   * @param ports TCP ports allowed
   */
  public static cidr(cidr: string, ports: number[]): WorkloadPeer {
    if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(cidr)) throw new Error(`WorkloadPeer.cidr: '${cidr}' is not a CIDR block`);
    if (cidr === '0.0.0.0/0' || cidr === '::/0') {
      throw new Error(`[NET-RESTRICTED-INGRESS] WorkloadPeer.cidr: '${cidr}' allows the whole internet; name the range the dependency lives in`);
    }
    checkPorts(ports);
    return new WorkloadPeer({ ipBlock: { cidr } }, ports, cidr);
  }

  /** The ports allowed. */
  public readonly ports: number[];
  /** A short description, for messages. */
  public readonly description: string;
  private readonly peer: k8s.NetworkPolicyPeer;

  private constructor(peer: k8s.NetworkPolicyPeer, ports: number[], description: string) {
    this.peer = peer;
    this.ports = [...ports];
    this.description = description;
  }

  /** @internal */
  public _toPeer(): k8s.NetworkPolicyPeer {
    return this.peer;
  }

  /** @internal */
  public _toPorts(): k8s.NetworkPolicyPort[] {
    return this.ports.map((p) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(p) }));
  }
}

function checkPorts(ports: number[]): void {
  if (!ports || ports.length === 0) throw new Error('[NET-RESTRICTED-INGRESS] WorkloadPeer: name at least one port (a rule without ports opens every port)');
  for (const p of ports) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) throw new Error(`WorkloadPeer: port ${p} is not a TCP port`);
  }
}
