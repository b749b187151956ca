import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { claim } from '../checklist/guard';
import { DNS_LABEL } from './private/guard';

/**
 * Which kind of store an ExternalSecret reads from.
 */
export enum SecretStoreKind {
  /** A cluster-wide `ClusterSecretStore`. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
  /** A namespaced `SecretStore`. */
  SECRET_STORE = 'SecretStore',
}

/**
 * One key of the Kubernetes Secret an ExternalSecret writes, and where its value comes from.
 */
export interface ExternalSecretKey {
  /** The key in the Kubernetes Secret, e.g. `password`. */
  readonly secretKey: string;
  /** The name of the secret in the external store, e.g. `prod/web/db`. */
  readonly remoteKey: string;
  /**
   * A property of a JSON secret, e.g. `password`.
   * @default - the whole secret value
   */
  readonly remoteProperty?: string;
}

/**
 * Properties of `ExternalSecret`.
 */
export interface ExternalSecretProps {
  /**
   * The name of the ExternalSecret and of the Secret it writes.
   * @default - the construct id, lower-cased
   */
  readonly name?: string;
  /**
   * The namespace.
   * @default - the chart's namespace
   */
  readonly namespaceName?: string;
  /** The store to read from (e.g. a ClusterSecretStore backed by AWS Secrets Manager). */
  readonly storeName: string;
  /**
   * The kind of store.
   * @default SecretStoreKind.CLUSTER_SECRET_STORE
   */
  readonly storeKind?: SecretStoreKind;
  /** The keys of the Secret and their sources. At least one. */
  readonly keys: ExternalSecretKey[];
  /**
   * How often the operator refreshes the Secret from the store, so rotated values arrive.
   * @default Duration.hours(1)
   */
  readonly refreshInterval?: Duration;
}

/**
 * A Kubernetes Secret whose values come from an external secret manager through
 * the External Secrets Operator (`external-secrets.io/v1` `ExternalSecret`), so
 * no secret value is ever written in a manifest (checklist items
 * SECRETS-NO-PLAINTEXT and K8S-SECRET-REFERENCES).
 *
 * ```ts
 * const db = new ExternalSecret(chart, 'web-db', {
 *   storeName: 'aws-secrets-manager',
 *   keys: [{ secretKey: 'password', remoteKey: 'prod/web/db', remoteProperty: 'password' }],
 * });
 * new ProductionWorkload(chart, 'web', { ..., secretEnv: { DB_PASSWORD: db.keyRef('password') } });
 * ```
 */
export class ExternalSecret extends Construct {
  /** The name of the ExternalSecret and of the Secret it writes. */
  public readonly secretName: string;
  /** The underlying API object. */
  public readonly apiObject: ApiObject;
  private readonly keys: Set<string>;

  constructor(scope: Construct, id: string, props: ExternalSecretProps) {
    super(scope, id);
    this.secretName = props.name ?? id.toLowerCase();
    if (!DNS_LABEL.test(this.secretName)) throw new Error(`ExternalSecret ${this.node.path}: name '${this.secretName}' is not a DNS label`);
    if (props.keys.length === 0) throw new Error(`ExternalSecret ${this.node.path}: keys must name at least one key`);
    this.keys = new Set(props.keys.map((k) => k.secretKey));
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: this.secretName, namespace: props.namespaceName },
      spec: {
        refreshInterval: `${(props.refreshInterval ?? Duration.hours(1)).toSeconds()}s`,
        secretStoreRef: { name: props.storeName, kind: props.storeKind ?? SecretStoreKind.CLUSTER_SECRET_STORE },
        target: { name: this.secretName, creationPolicy: 'Owner' },
        data: props.keys.map((k) => ({
          secretKey: k.secretKey,
          remoteRef: { key: k.remoteKey, ...(k.remoteProperty ? { property: k.remoteProperty } : {}) },
        })),
      },
    });
    claim(this, 'SECRETS-NO-PLAINTEXT', 'K8S-SECRET-REFERENCES');
  }

  /**
   * A reference to one key of the Secret, for `ProductionWorkloadProps.secretEnv`.
   * @throws if the key is not one of this ExternalSecret's keys
   */
  public keyRef(key: string): SecretKeyRef {
    if (!this.keys.has(key)) throw new Error(`ExternalSecret ${this.node.path}: no key '${key}' (keys: ${[...this.keys].join(', ')})`);
    return SecretKeyRef.of(this.secretName, key);
  }
}

/**
 * A reference to one key of a Kubernetes Secret, rendered as
 * `valueFrom.secretKeyRef`: the only way `ProductionWorkload` takes a secret.
 */
export class SecretKeyRef {
  /**
   * A key of a Secret by name (created outside this chart, e.g. by an operator).
   * @param secretName the Secret's name
   * @param key the key in the Secret
   */
  public static of(secretName: string, key: string): SecretKeyRef {
    if (!DNS_LABEL.test(secretName) && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(secretName)) throw new Error(`SecretKeyRef: '${secretName}' is not a Secret name`);
    if (!/^[-._a-zA-Z0-9]+$/.test(key)) throw new Error(`SecretKeyRef: '${key}' is not a Secret key`);
    return new SecretKeyRef(secretName, key);
  }

  /** The Secret's name. */
  public readonly secretName: string;
  /** The key in the Secret. */
  public readonly key: string;

  private constructor(secretName: string, key: string) {
    this.secretName = secretName;
    this.key = key;
  }
}
