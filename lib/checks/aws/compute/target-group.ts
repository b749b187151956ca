import { CfnResource, TemplateIndex, Val } from '../../template-index';

/** The value of one `TargetGroupAttributes` entry (`absent` when not set). @internal */
export function tgAttribute(index: TemplateIndex, tg: CfnResource, key: string): { v: Val; path: string } {
  const list = index.prop(tg, 'TargetGroupAttributes');
  if (list.k === 'unknown') return { v: list, path: 'Properties.TargetGroupAttributes' };
  const entries = list.k === 'lit' && Array.isArray(list.v) ? list.v : [];
  for (const [i, e] of entries.entries()) {
    const k = index.at(e, 'Key');
    if (k.k === 'lit' && k.v === key) return { v: index.at(e, 'Value'), path: `Properties.TargetGroupAttributes.${i}.Value` };
  }
  return { v: { k: 'absent' }, path: 'Properties.TargetGroupAttributes' };
}
