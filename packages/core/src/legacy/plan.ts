import type { z } from 'zod';
import { DeploymentMetadata } from '../deployment/schema.js';
import { CreateEnhancementInput } from '../enhancement/schema.js';
import { VendorMetadata, VendorStatus, type CreateVendorInput } from '../vendor/schema.js';
import { SessionMetadata, Title, type CreateWorkItemInput } from '../work-item/schema.js';
import { SECTIONS, SESSION_DATE_KEY, SESSION_PROMPT_KEY, defaultPrTitle } from './grammar.js';
import type { LegacyDocument, LegacyIssue, ParsedDeployment, ParsedVendor } from './parse.js';

/** A vendor entry ready for `createVendor`. */
export interface PlannedVendor {
  line: number;
  /** Lower-cased name: vendors match case-insensitively. */
  key: string;
  source: ParsedVendor;
  input: CreateVendorInput;
}

/** A deployment entry; vendor names and work item refs are resolved against the store at write time. */
export interface PlannedDeployment {
  line: number;
  /** The commit hash: deployments match by commit. */
  key: string;
  source: ParsedDeployment;
  metadata: DeploymentMetadata;
}

export interface PlannedEnhancement {
  line: number;
  /** Lower-cased, trimmed title. */
  key: string;
  input: z.output<typeof CreateEnhancementInput>;
}

export interface PlannedSession {
  line: number;
  /** `id:<session_id>` when the frontmatter has one, else `date:<date>|<prompt>`. */
  key: string;
  input: CreateWorkItemInput;
}

/** What an import will write, and what it had to drop or adjust. */
export interface ImportPlan {
  vendors: PlannedVendor[];
  deployments: PlannedDeployment[];
  enhancements: PlannedEnhancement[];
  sessions: PlannedSession[];
  /** Parse issues plus entries the domain rules reject and duplicates within the file. */
  issues: LegacyIssue[];
  warnings: LegacyIssue[];
  /** Entries found in the file but not planned (malformed, invalid or duplicate). */
  dropped: number;
}

/** The key that identifies a session across imports. */
export function sessionKey(date: string, frontmatter: Record<string, unknown>): string {
  const id = frontmatter.session_id;
  if (typeof id === 'string' || typeof id === 'number') return `id:${id}`;
  const prompt = frontmatter[SESSION_PROMPT_KEY];
  return `date:${date}|${typeof prompt === 'string' ? prompt : ''}`;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * Maps a parsed legacy document onto service inputs (SPEC §4.2), checking
 * each entry with the same zod schemas the operations use, so an entry the
 * store would reject is reported with its line instead of failing the import.
 *
 * @example
 * const plan = planLegacyImport(parseLegacyStatus(text), { defaultTokenBudget: 200_000 });
 */
export function planLegacyImport(doc: LegacyDocument, options: { defaultTokenBudget: number }): ImportPlan {
  const plan: ImportPlan = { vendors: [], deployments: [], enhancements: [], sessions: [], issues: [...doc.issues], warnings: [...doc.warnings], dropped: 0 };
  plan.dropped = doc.sections.reduce((n, s) => n + s.malformed, 0);
  const reject = (line: number, section: string, reason: string) => {
    plan.issues.push({ line, section, reason });
    plan.dropped++;
  };
  const seen = new Map<string, number>();
  const duplicate = (kind: string, key: string, line: number, section: string, label: string): boolean => {
    const first = seen.get(`${kind}:${key}`);
    if (first === undefined) {
      seen.set(`${kind}:${key}`, line);
      return false;
    }
    reject(line, section, `${label} duplicates the entry at line ${first}; skipped`);
    return true;
  };

  for (const v of doc.vendors) {
    const status = VendorStatus.safeParse(v.status);
    if (!status.success) {
      reject(v.line, SECTIONS.vendors, `vendor "${v.name}" has status "${v.status}" (expected operational or broken)`);
      continue;
    }
    const metadata = VendorMetadata.safeParse({
      format_support: v.formats,
      test_results: { passing: v.passing, total: v.total, skipped: v.skipped },
      extractor_version: v.version,
      manifest_compliant: false,
    });
    if (!metadata.success) {
      reject(v.line, SECTIONS.vendors, `vendor "${v.name}": ${firstIssue(metadata.error)}`);
      continue;
    }
    if (duplicate('vendor', v.name.toLowerCase(), v.line, SECTIONS.vendors, `vendor "${v.name}"`)) continue;
    plan.vendors.push({
      line: v.line,
      key: v.name.toLowerCase(),
      source: v,
      input: {
        name: v.name,
        status: status.data,
        extractor_version: v.version,
        initial_metadata: { format_support: v.formats, test_results: { passing: v.passing, total: v.total, skipped: v.skipped } },
      },
    });
  }

  for (const d of doc.deployments) {
    const metadata = DeploymentMetadata.safeParse({
      pr_number: d.pr_number,
      pr_title: d.pr_title ?? defaultPrTitle(d.pr_number),
      commit_hash: d.commit_hash,
      test_summary: d.test_summary,
      constitutional_compliance: d.constitutional_compliance,
    });
    if (!metadata.success) {
      reject(d.line, SECTIONS.deployments, `deployment PR #${d.pr_number}: ${firstIssue(metadata.error)}`);
      continue;
    }
    if (duplicate('deployment', d.commit_hash, d.line, SECTIONS.deployments, `deployment of commit ${d.commit_hash}`)) continue;
    plan.deployments.push({ line: d.line, key: d.commit_hash, source: d, metadata: metadata.data });
  }

  for (const e of doc.enhancements) {
    const input = CreateEnhancementInput.safeParse({ title: e.title, priority: e.priority, target_quarter: e.target_quarter ?? undefined, status: e.status ?? undefined });
    if (!input.success) {
      reject(e.line, SECTIONS.enhancements, `enhancement "${e.title.slice(0, 60)}": ${firstIssue(input.error)}`);
      continue;
    }
    const key = input.data.title.trim().toLowerCase();
    if (duplicate('enhancement', key, e.line, SECTIONS.enhancements, `enhancement "${input.data.title}"`)) continue;
    plan.enhancements.push({ line: e.line, key, input: input.data });
  }

  for (const s of doc.sessions) {
    const frontmatter: Record<string, unknown> = { ...s.frontmatter };
    for (const reserved of [SESSION_DATE_KEY, SESSION_PROMPT_KEY]) {
      if (reserved in frontmatter) plan.warnings.push({ line: s.line, section: SECTIONS.sessions, reason: `session ${s.date}: frontmatter key "${reserved}" is replaced by the block's ${reserved === SESSION_DATE_KEY ? 'date' : 'prompt text'}` });
    }
    if (frontmatter.schema_version === undefined || frontmatter.schema_version === null || frontmatter.schema_version === '') {
      frontmatter.schema_version = 'legacy';
      plan.warnings.push({ line: s.line, section: SECTIONS.sessions, reason: `session ${s.date} has no schema_version in its frontmatter; imported with schema_version "legacy"` });
    }
    frontmatter[SESSION_DATE_KEY] = s.date;
    frontmatter[SESSION_PROMPT_KEY] = s.prompt;
    let tokenBudget = options.defaultTokenBudget;
    if (frontmatter.token_budget !== undefined) {
      const budget = SessionMetadata.shape.token_budget.safeParse(frontmatter.token_budget);
      if (budget.success) tokenBudget = budget.data;
      else plan.warnings.push({ line: s.line, section: SECTIONS.sessions, reason: `session ${s.date}: token_budget ${JSON.stringify(frontmatter.token_budget)} is not 1000–1000000; used the configured default ${options.defaultTokenBudget}` });
    }
    // JSON round trip drops what YAML can hold but a JSON column cannot (e.g. .inf), before validation sees it.
    const metadata = SessionMetadata.safeParse({ token_budget: tokenBudget, prompts_count: 1, yaml_frontmatter: JSON.parse(JSON.stringify(frontmatter)) });
    if (!metadata.success) {
      reject(s.line, SECTIONS.sessions, `session ${s.date}: ${firstIssue(metadata.error)}`);
      continue;
    }
    const headline = s.prompt.split('\n')[0]?.trim() ?? '';
    const title = Title.safeParse((headline ? `Session ${s.date}: ${headline}` : `Session ${s.date}`).slice(0, 200));
    if (!title.success) {
      reject(s.line, SECTIONS.sessions, `session ${s.date}: ${firstIssue(title.error)}`);
      continue;
    }
    const key = sessionKey(s.date, frontmatter);
    if (duplicate('session', key, s.line, SECTIONS.sessions, `session ${key.startsWith('id:') ? key.slice(3) : s.date}`)) continue;
    plan.sessions.push({ line: s.line, key, input: { item_type: 'session', title: title.data, metadata: metadata.data as Record<string, unknown> } });
  }
  return plan;
}
