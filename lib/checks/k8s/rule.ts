/* eslint-disable @typescript-eslint/no-explicit-any */
import { Thresholds } from '../../checklist/thresholds';
import { FindingStatus, Severity } from '../model';
import { ManifestIndex } from './manifest-index';

/** One Kubernetes object from a manifest. @internal */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** The namespace (`default` when unset). */
  readonly namespace: string;
  readonly metadata: Record<string, any>;
  /** The whole document. */
  readonly doc: Record<string, any>;
  /** The manifest file it comes from. */
  readonly file: string;
  /** `Kind/namespace/name`. */
  readonly id: string;
}

/** One Kubernetes rule's verdict on one object (`object` defaults to the one dispatched). @internal */
export interface K8sVerdict {
  readonly status: FindingStatus;
  readonly message: string;
  /** A dotted path in the object, e.g. `spec.template.spec.containers.0.securityContext.runAsNonRoot`. */
  readonly property?: string;
  readonly value?: string;
  readonly object?: K8sObject;
}

/** What a Kubernetes rule sees besides the object. @internal */
export interface K8sContext {
  readonly index: ManifestIndex;
  readonly thresholds: Thresholds;
}

/**
 * A Kubernetes rule: a pure function of (object, index) → verdicts, dispatched
 * only to the kinds it names, under the same catalog ids as the AWS rules.
 * @internal
 */
export interface K8sRule {
  readonly id: string;
  readonly items: string[];
  readonly kinds: string[];
  readonly severity: Severity;
  readonly description: string;
  readonly fix: string;
  check(obj: K8sObject, ctx: K8sContext): K8sVerdict | K8sVerdict[] | undefined;
}

/** Verdict helpers. @internal */
export const k8sPass = (property: string | undefined, value: unknown, message: string, object?: K8sObject): K8sVerdict =>
  ({ status: FindingStatus.PASS, property, value: render(value), message, object });
export const k8sFail = (property: string | undefined, value: unknown, message: string, object?: K8sObject): K8sVerdict =>
  ({ status: FindingStatus.FAIL, property, value: render(value), message, object });
export const k8sUnknown = (property: string | undefined, value: unknown, message: string, object?: K8sObject): K8sVerdict =>
  ({ status: FindingStatus.UNKNOWN, property, value: render(value), message, object });

function render(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}
