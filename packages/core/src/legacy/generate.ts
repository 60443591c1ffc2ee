import { formatVendorLine, sectionHeader, type FormatKey } from './grammar.js';

/** How big a generated legacy file is, and which defects it carries. */
export interface LegacyFixtureOptions {
  vendors?: number;
  deployments?: number;
  enhancements?: number;
  sessions?: number;
  /** Same seed, same bytes. */
  seed?: number;
  /**
   * Defects to plant: `broken_yaml` breaks the frontmatter of the first
   * session; `stray_vendor_line` puts a line of prose in the vendor section.
   */
  defects?: readonly ('broken_yaml' | 'stray_vendor_line')[];
}

/** A generated file plus what a correct import must find in it. */
export interface LegacyFixture {
  text: string;
  /** Well-formed entries per section. */
  expected: { vendors: number; deployments: number; enhancements: number; sessions: number };
  /** 1-based line of each planted defect. */
  defects: { kind: 'broken_yaml' | 'stray_vendor_line'; line: number }[];
}

/** mulberry32: tiny, seedable, good enough for fixtures. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMPANIES = ['acme', 'globex', 'initech', 'umbrella', 'stark', 'tyrell', 'cyberdyne', 'hooli', 'vandelay'];
const THEMES = ['Multi-tenant', 'Streaming', 'Parallel', 'Incremental', 'Offline', 'Cache'];
const SUBJECTS = ['sync', 'vendor checks', 'search', 'imports', 'reports'];
const CHORES = ['fix flaky test', 'wire the cache', 'profile queries', 'write docs'];
const PRIORITIES = ['High', 'Medium', 'Low'];
const MODES = ['implement', 'plan', 'research'];
const BUDGETS = [50_000, 100_000, 200_000];

/**
 * Writes a legacy `.project_status.md` shaped like the ones teams kept by
 * hand (SPEC §4.2): the default size is the sample's — 45 vendors, 12
 * deployments, 8 enhancements, 25 sessions. Used by tests and benchmarks so
 * neither depends on a file outside the repository.
 *
 * @example
 * const { text, expected } = generateLegacyStatus({ defects: ['broken_yaml'] });
 */
export function generateLegacyStatus(options: LegacyFixtureOptions = {}): LegacyFixture {
  const n = { vendors: 45, deployments: 12, enhancements: 8, sessions: 25, ...options };
  const rnd = random(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const hex = () => Array.from({ length: 40 }, () => '0123456789abcdef'[int(0, 15)]).join('');
  const defects: LegacyFixture['defects'] = [];
  const lines: string[] = ['# Project Status', ''];

  lines.push(sectionHeader('vendors', n.vendors));
  const names: string[] = [];
  for (let i = 1; i <= n.vendors; i++) {
    const name = `${pick(COMPANIES)}_${i}`;
    names.push(name);
    const total = int(5, 60);
    const skipped = int(0, Math.min(3, total));
    const passing = int(0, total - skipped);
    const formats = Object.fromEntries((['excel', 'csv', 'pdf', 'ocr'] as FormatKey[]).map((k) => [k, rnd() < 0.5])) as Record<FormatKey, boolean>;
    const version = `${int(0, 3)}.${int(0, 9)}.${int(0, 20)}`;
    lines.push(formatVendorLine({ name, status: rnd() < 0.2 ? 'operational' : 'broken', passing, total, skipped, formats, version }));
    if (i === 1 && options.defects?.includes('stray_vendor_line')) {
      lines.push('Vendors below were re-checked last week.');
      defects.push({ kind: 'stray_vendor_line', line: lines.length });
    }
  }

  lines.push('', sectionHeader('deployments', n.deployments));
  const start = Date.UTC(2025, 2, 1);
  for (let i = 0; i < n.deployments; i++) {
    const day = new Date(start + i * 7 * 86_400_000 + int(0, 2) * 86_400_000).toISOString().slice(0, 10);
    const vendors = names.length >= 2 ? [pick(names), pick(names)] : names.slice();
    lines.push(
      `### ${day} - PR #${100 + i * 3}`,
      `- Commit: ${hex()}`,
      `- Work Items: #T${String(2 * i + 1).padStart(3, '0')}, #T${String(2 * i + 2).padStart(3, '0')}`,
      `- Vendors: ${[...new Set(vendors)].join(', ')}`,
      `- Tests: ${int(50, 400)} passed, 0 failed`,
      `- Constitutional Compliance: ${rnd() < 0.8 ? '✓' : '✗'}`,
      '',
    );
  }
  if (!n.deployments) lines.push('');

  lines.push(sectionHeader('enhancements', n.enhancements));
  for (let i = 1; i <= n.enhancements; i++) {
    lines.push(`- ${pick(THEMES)} ${pick(SUBJECTS)} ${i} (Priority: ${pick(PRIORITIES)}, Q${int(1, 4)} ${int(2026, 2027)})`);
  }

  lines.push('', sectionHeader('sessions', n.sessions));
  for (let i = 1; i <= n.sessions; i++) {
    const day = new Date(start + (i - 1) * 3 * 86_400_000).toISOString().slice(0, 10);
    lines.push(`### Session ${day}`, '---', `schema_version: "1.${int(0, 2)}"`, `session_id: sess_${String(i).padStart(3, '0')}`);
    if (i === 1 && options.defects?.includes('broken_yaml')) {
      lines.push('token_budget: 100000: oops');
      defects.push({ kind: 'broken_yaml', line: lines.length });
    } else lines.push(`token_budget: ${pick(BUDGETS)}`);
    lines.push(`mode: ${pick(MODES)}`, '---', `Continue work on item ${i}: ${pick(CHORES)}.`, '');
  }

  const broken = options.defects?.includes('broken_yaml') && n.sessions > 0 ? 1 : 0;
  return {
    text: lines.join('\n'),
    expected: { vendors: n.vendors, deployments: n.deployments, enhancements: n.enhancements, sessions: n.sessions - broken },
    defects,
  };
}
