import type { Palette } from './color.js';
import { renderPairs } from './table.js';
import { formatValue } from './values.js';

type Row = Record<string, unknown>;
const rows = (v: unknown): Row[] => (Array.isArray(v) ? v.filter((x): x is Row => x !== null && typeof x === 'object') : []);
const text = (v: unknown) => formatValue(v);

function node(row: Row, palette: Palette, extra: string[] = []): string {
  const facts = [text(row.item_type), palette.status(text(row.status)), ...(row.assignee ? [`@${text(row.assignee)}`] : []), ...(row.deleted || row.deleted_at ? [palette.red('deleted')] : []), ...extra];
  return `${palette.bold(text(row.title))}  ${palette.dim('(')}${facts.join(palette.dim(', '))}${palette.dim(')')}  ${palette.dim(text(row.id))}`;
}

function descendants(children: Row[], prefix: string, palette: Palette, out: string[]): void {
  children.forEach((child, i) => {
    const last = i === children.length - 1;
    out.push(`${prefix}${last ? '└─ ' : '├─ '}${node(child, palette)}`);
    descendants(rows(child.children), `${prefix}${last ? '   ' : '│  '}`, palette, out);
  });
}

function dependencyLines(title: string, deps: Row[], palette: Palette): string[] {
  if (deps.length === 0) return [];
  return [
    '',
    palette.bold(title),
    ...deps.map((d) => {
      const mark = d.unfinished ? palette.red('✗') : palette.green('✓');
      return `  ${mark} ${text(d.title)}  ${palette.dim('(')}${palette.status(text(d.status))}${palette.dim(`, ${text(d.dependency_type)})`)}  ${palette.dim(text(d.id))}`;
    }),
  ];
}

/**
 * `work show`: the item inside its tree (ancestors above, descendants
 * below), then its details, what it waits for, what it blocks, and the
 * deployments that mention it.
 */
export function renderWorkTree(result: unknown, palette: Palette): string {
  const r = (result ?? {}) as Row;
  const item = (r.item ?? {}) as Row;
  const out: string[] = [];
  let prefix = '';
  for (const [i, a] of rows(r.ancestors).entries()) {
    out.push(`${i === 0 ? '' : `${prefix}└─ `}${node(a, palette)}`);
    if (i > 0) prefix += '   ';
  }
  const extra = [`v${text(item.version)}`, r.ready ? palette.green('ready') : palette.yellow('not ready')];
  const self = `${palette.cyan('▶')} ${node(item, palette, extra)}`;
  out.push(out.length === 0 ? self : `${prefix}└─ ${self}`);
  if (out.length > 1) prefix += '   ';
  descendants(rows(r.descendants), prefix, palette, out);

  const details: [string, string][] = [];
  const add = (k: string, v: unknown) => {
    if (v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0) && v !== '') details.push([k, text(v)]);
  };
  add('path', item.path);
  add('branch', item.branch_name);
  add('commit', item.commit_hash);
  add('pr', item.pr_number);
  add('labels', item.labels);
  add('assignee', item.assignee);
  for (const [k, v] of Object.entries((item.metadata ?? {}) as Row)) add(k.replace(/_/g, ' '), v);
  add('created', `${text(item.created_at)} by ${text(item.created_by)}`);
  add('updated', `${text(item.updated_at)} by ${text(item.updated_by)}`);
  add('deleted', item.deleted_at);
  out.push('', renderPairs(details, palette).replace(/^/gm, '  '));

  const deps = (r.dependencies ?? {}) as Row;
  out.push(...dependencyLines('Waits for', rows(deps.waits_for), palette));
  out.push(...dependencyLines('Blocks', rows(deps.blocks), palette));
  const deployments = rows(r.deployments);
  if (deployments.length) {
    out.push('', palette.bold('Deployments'), ...deployments.map((d) => `  ${text(d.deployed_at)}  PR #${text(d.pr_number)}  ${text(d.commit_hash).slice(0, 12)}`));
  }
  return out.join('\n');
}
