/* eslint-disable @typescript-eslint/no-explicit-any */
import { parseYamlDocs } from '../checks/loader';
import { LiveClients, VerifyInputError } from './clients';
import { LiveResource, StackInfo } from './context';

/** Bounds of a discovery: nested stacks and resources. @internal */
export const MAX_STACKS = 200;
/** @internal */
export const MAX_RESOURCES = 50_000;

/** Resource states whose physical resource is not (or no longer) there. */
const GONE = /^(DELETE_COMPLETE|DELETE_IN_PROGRESS|CREATE_FAILED|DELETE_SKIPPED)$/;

/** What discovery found: every stack (nested ones included) and its physical resources. @internal */
export interface Discovery {
  readonly stacks: StackInfo[];
  readonly resources: LiveResource[];
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

function parseTemplate(body: any, name: string): any {
  if (body && typeof body === 'object') return body;
  const text = String(body ?? '');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return parseYamlDocs(`deployed template of ${name}`, text)[0] ?? {};
  }
}

/**
 * Map logical ids to physical resources with CloudFormation: DescribeStacks,
 * ListStackResources (paginated) and GetTemplate, following nested stacks.
 * @param files the report file of a stack name (its cloud assembly template), when known
 * @internal
 */
export async function discover(clients: LiveClients, names: string[], files: Map<string, string>): Promise<Discovery> {
  const stacks: StackInfo[] = [];
  const resources: LiveResource[] = [];
  const queue: Array<{ id: string; logicalIdInParent?: string; parentFile?: string }> = names.map((id) => ({ id }));
  const seen = new Set<string>();
  while (queue.length > 0) {
    const { id, logicalIdInParent, parentFile } = queue.shift()!;
    if (stacks.length >= MAX_STACKS) throw new VerifyInputError(`more than ${MAX_STACKS} stacks (nested stacks included) under ${names.join(', ')}`);
    let described: any;
    try {
      described = (await clients.send('cloudformation', 'DescribeStacks', { StackName: id })).Stacks?.[0];
    } catch (e) {
      if (/does not exist/i.test(String((e as Error).message))) throw new VerifyInputError(`stack '${id}' does not exist (check --stack and --region)`);
      throw e;
    }
    if (!described) throw new VerifyInputError(`stack '${id}' does not exist (check --stack and --region)`);
    if (seen.has(described.StackId)) continue;
    seen.add(described.StackId);
    const name: string = described.StackName;
    const tpl = await clients.send('cloudformation', 'GetTemplate', { StackName: described.StackId });
    const stack: StackInfo = {
      name,
      arn: described.StackId,
      status: described.StackStatus,
      statusReason: described.StackStatusReason,
      template: parseTemplate(tpl.TemplateBody, name),
      file: files.get(name) ?? parentFile ?? `cloudformation/${name}`,
      logicalIdInParent,
    };
    stacks.push(stack);
    const { pages, truncated } = await clients.pages('cloudformation', 'ListStackResources', { StackName: described.StackId }, 'NextToken', 'NextToken', 1000);
    if (truncated) throw new VerifyInputError(`stack '${name}' lists more resources than cdk-golive reads (1000 pages)`);
    for (const s of pages.flatMap((p) => p.StackResourceSummaries ?? [])) {
      if (!s.LogicalResourceId || !s.ResourceType || !s.PhysicalResourceId || GONE.test(String(s.ResourceStatus))) continue;
      if (resources.length >= MAX_RESOURCES) throw new VerifyInputError(`more than ${MAX_RESOURCES} resources under ${names.join(', ')}`);
      resources.push({ stack, logicalId: s.LogicalResourceId, physicalId: s.PhysicalResourceId, type: s.ResourceType });
      if (s.ResourceType === 'AWS::CloudFormation::Stack') queue.push({ id: s.PhysicalResourceId, logicalIdInParent: s.LogicalResourceId, parentFile: stack.file });
    }
  }
  const m = /^arn:([^:]+):cloudformation:([^:]+):(\d{12}|[^:]*):/.exec(stacks[0]?.arn ?? '');
  if (!m) throw new VerifyInputError(`CloudFormation returned a stack id that is not an ARN: ${stacks[0]?.arn}`);
  return { stacks, resources, partition: m[1], region: m[2], account: m[3] };
}

/** The construct path of a deployed resource, from the template's `aws:cdk:path` metadata. @internal */
export function constructPath(r: LiveResource): string | undefined {
  const p = r.stack.template?.Resources?.[r.logicalId]?.Metadata?.['aws:cdk:path'];
  return typeof p === 'string' ? p : undefined;
}
