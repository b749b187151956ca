import { Catalog, controlsOfItems } from '../../lib/checklist/catalog';
import { CONTROL_TOWER_CONTROLS, SECURITY_HUB_CONTROLS } from '../../lib/checklist/controls';
import { ITEMS } from '../../lib/checklist/items';
import { AWS_RULES } from '../../lib/checks/aws';
import { ruleInfo } from '../../lib/checks/golive-checks';
import { K8S_RULES } from '../../lib/checks/k8s';

const securityHub = new Map(SECURITY_HUB_CONTROLS.map((c) => [c.id, c]));
const controlTower = new Map(CONTROL_TOWER_CONTROLS.map((c) => [c.id, c]));

describe('AWS control ids: verified, kept once, on the item', () => {
  test('every id an item names is in the table of verified controls', () => {
    const unverified: string[] = [];
    for (const def of ITEMS) {
      for (const c of def.fsbp ?? []) if (!securityHub.has(c)) unverified.push(`${def.id}: ${c}`);
      for (const c of def.controlTower ?? []) if (!controlTower.has(c)) unverified.push(`${def.id}: ${c}`);
    }
    expect(unverified).toEqual([]);
  });

  test('the table: unique ids, the form AWS writes them, a title and an AWS documentation page each', () => {
    expect(securityHub.size).toBe(SECURITY_HUB_CONTROLS.length);
    expect(controlTower.size).toBe(CONTROL_TOWER_CONTROLS.length);
    for (const c of SECURITY_HUB_CONTROLS) {
      expect(c.id).toMatch(/^[A-Za-z0-9]+\.\d+$/);
      expect(c.source).toMatch(new RegExp(`^https://docs\\.aws\\.amazon\\.com/securityhub/latest/userguide/[a-z0-9]+-controls\\.html#${c.id.toLowerCase().replace('.', '-')}$`));
      expect(c.title.length).toBeGreaterThan(10);
    }
    for (const c of CONTROL_TOWER_CONTROLS) {
      expect(c.id).toMatch(/^CT\.[A-Z0-9-]+\.PR\.\d+$/);
      expect(c.source).toMatch(new RegExp(`^https://docs\\.aws\\.amazon\\.com/controltower/latest/controlreference/[a-z0-9-]+-rules\\.html#${c.id.toLowerCase().replace(/\./g, '-')}-description$`));
      expect(c.title).toMatch(/^Require /);
    }
    // Every id in the table is named by an item: the table is the catalog's, not a copy of AWS's.
    const named = new Set(ITEMS.flatMap((d) => [...(d.fsbp ?? []), ...(d.controlTower ?? [])]));
    expect([...securityHub.keys(), ...controlTower.keys()].filter((id) => !named.has(id))).toEqual([]);
  });

  test('the ids found wrong are corrected', () => {
    // ECR: PR.1 is the lifecycle policy, PR.3 tag immutability (rules had them swapped).
    expect(controlTower.get('CT.ECR.PR.1')!.title).toMatch(/lifecycle policy/);
    expect(controlTower.get('CT.ECR.PR.3')!.title).toMatch(/tag immutability/);
    // ECS: non-privileged is PR.11; PR.8 is secure networking modes and user definitions (ECS.1).
    expect(controlTower.get('CT.ECS.PR.11')!.title).toMatch(/non-privileged/);
    expect(controlTower.get('CT.ECS.PR.8')!.title).toMatch(/secure networking modes and user definitions/);
    // S3: there is no CT.S3.PR.7 in the current reference; KMS default encryption is PR.10, TLS-only PR.8.
    expect(controlTower.has('CT.S3.PR.7')).toBe(false);
    expect(Catalog.item('BACKUP-BUCKET-SECURED').controlTowerControls).toEqual(['CT.S3.PR.1', 'CT.S3.PR.8', 'CT.S3.PR.10']);
    // Not found in AWS's documentation: not named.
    for (const gone of ['RDS.27', 'CT.APIGATEWAY.PR.5']) {
      expect(securityHub.has(gone) || controlTower.has(gone)).toBe(false);
      expect(Catalog.items().some((i) => [...i.securityHubControls, ...i.controlTowerControls].includes(gone))).toBe(false);
    }
  });

  test('rules carry no ids of their own: an AWS rule has its items\' ids, a Kubernetes rule none', () => {
    for (const r of [...AWS_RULES, ...K8S_RULES]) {
      expect(Object.keys(r)).not.toContain('fsbp');
      expect(Object.keys(r)).not.toContain('controlTower');
    }
    for (const r of AWS_RULES) {
      const { securityHub: sh, controlTower: ct } = controlsOfItems(r.items);
      expect(ruleInfo(r)).toMatchObject({ fsbp: sh, controlTower: ct });
    }
    const ecr = AWS_RULES.find((r) => r.id === 'EcrTagImmutability')!;
    expect(ruleInfo(ecr).controlTower).toEqual(['CT.ECR.PR.1', 'CT.ECR.PR.3']);
    const k8s = K8S_RULES.find((r) => r.id === 'K8sSecurityContext')!;
    expect(Catalog.item('COMPUTE-HARDENED').securityHubControls.length).toBeGreaterThan(0);
    expect(ruleInfo(k8s)).toMatchObject({ fsbp: [], controlTower: [] });
  });
});
