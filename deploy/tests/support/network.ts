import type { INetworkPolicy, KObject, Workload } from './k8s';
import { ofKind, resolveContainerPort, selects } from './k8s';

/**
 * NetworkPolicy semantics (the union of every policy selecting a pod; a pod no policy selects for
 * a direction is open in that direction), evaluated for one connection at a time.
 */

export type Endpoint =
  /** A pod of one of our workloads, in the rendering's namespace. */
  | { kind: 'workload'; workload: Workload }
  /** Some pod in another namespace of the cluster (Prometheus, Kafka, DNS, an intruder). */
  | { kind: 'pod'; namespaceLabels: Record<string, string>; podLabels: Record<string, string> }
  /** An address outside the cluster (a client on the internet, a managed database). */
  | { kind: 'external' };

export type Protocol = 'TCP' | 'UDP';

type Rule = NonNullable<INetworkPolicy['spec']>['ingress'] extends Array<infer R> | undefined ? R : never;
type Peer = NonNullable<Rule['from']>[number];
type PolicyPort = NonNullable<Rule['ports']>[number];

export class NetworkModel {
  private readonly policies: Array<INetworkPolicy & KObject>;

  constructor(
    objects: readonly KObject[],
    /** The namespace the objects are applied to (base renders none; `kubectl apply` would use the current one). */
    private readonly namespace: string,
  ) {
    this.policies = ofKind<INetworkPolicy>(objects, 'NetworkPolicy');
  }

  /** Whether `source` may open a connection to `target` on `port` (a number, as the client dials it). */
  allowed(source: Endpoint, target: Endpoint, port: number, protocol: Protocol = 'TCP'): boolean {
    const egressOk =
      source.kind !== 'workload' ||
      this.permits(source.workload, 'Egress', (rule) => this.peerMatches(rule.to, target) && portMatches(rule.ports, port, protocol, target));
    const ingressOk =
      target.kind !== 'workload' ||
      this.permits(target.workload, 'Ingress', (rule) => this.peerMatches(rule.from, source) && portMatches(rule.ports, port, protocol, target));
    return egressOk && ingressOk;
  }

  /** Policies that select the workload's pods for a direction. */
  selecting(workload: Workload, direction: 'Ingress' | 'Egress'): Array<INetworkPolicy & KObject> {
    return this.policies.filter((p) => {
      const types = p.spec?.policyTypes ?? (p.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress']);
      return types.includes(direction) && selects(p.spec?.podSelector ?? {}, workload.podLabels) && this.sameNamespace(p, workload);
    });
  }

  private permits(
    workload: Workload,
    direction: 'Ingress' | 'Egress',
    ruleAllows: (rule: { from?: Peer[]; to?: Peer[]; ports?: PolicyPort[] }) => boolean,
  ): boolean {
    const policies = this.selecting(workload, direction);
    if (policies.length === 0) return true;
    return policies.some((p) => ((direction === 'Ingress' ? p.spec?.ingress : p.spec?.egress) ?? []).some(ruleAllows));
  }

  private peerMatches(peers: Peer[] | undefined, other: Endpoint): boolean {
    if (!peers || peers.length === 0) return true;
    return peers.some((peer) => {
      if (peer.ipBlock) return other.kind === 'external';
      if (other.kind === 'external') return false;
      const [namespaceLabels, podLabels] =
        other.kind === 'workload'
          ? [{ 'kubernetes.io/metadata.name': this.namespace }, other.workload.podLabels]
          : [other.namespaceLabels, other.podLabels];
      if (peer.namespaceSelector) {
        return selects(peer.namespaceSelector, namespaceLabels) && (!peer.podSelector || selects(peer.podSelector, podLabels));
      }
      // A podSelector alone means pods of the policy's own namespace.
      return other.kind === 'workload' && selects(peer.podSelector ?? {}, podLabels);
    });
  }

  private sameNamespace(policy: KObject, workload: Workload): boolean {
    return (policy.metadata.namespace ?? this.namespace) === (workload.object.metadata.namespace ?? this.namespace);
  }
}

/** A rule port matches a number directly, or a name through the target pod's container ports. */
function portMatches(ports: PolicyPort[] | undefined, port: number, protocol: Protocol, target: Endpoint): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return p.endPort !== undefined ? port >= p.port && port <= p.endPort : port === p.port;
    return target.kind === 'workload' && resolveContainerPort(target.workload.pod, p.port)?.containerPort === port;
  });
}
