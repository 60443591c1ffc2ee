import type { z } from 'zod';
import { DeploymentMetadata } from '../deployment/schema.js';
import { CONTROL_CHARACTER } from '../primitives/schemas.js';
import { CreateEnhancementInput } from '../enhancement/schema.js';
import { VendorMetadata, VendorStatus, type CreateVendorInput } from '../vendor/schema.js';
import { SessionMetadata, Title, type CreateWorkItemInput } from '../work-item/schema.js';
import { SECTIONS, SESSION_DATE_KEY, SESSION_PROMPT_KEY, defaultPrTitle, type SectionKind } from './grammar.js';
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
  /** {@link deploymentKey}: a deployment is the deployment of a commit at a time. */
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
  /** Entries found in the file but not planned (malformed, invalid or duplicate), plus the unread lines. */
  dropped: number;
  /** Non-blank lines under headings the parser does not read (each such heading is in issues): left out, so they count against preservation. */
  unreadLines: number;
  /** Entries the file holds per section kind, well-formed or not: what the reconciliation checks count against. */
  inFile: Record<SectionKind, number>;
  /** True when the text held at least one of the four status sections. */
  isStatusFile: boolean;
}

/**
 * What identifies a deployment across record, report and import: its commit
 * and its time. The same commit deployed twice (a redeploy, a rollback and
 * roll-forward, two environments) is two deployments; entries with the same
 * key are counted, so a file holding two of them is two deployments too.
 */
export function deploymentKey(commitHash: string, deployedAt: string): string {
  return `${commitHash}@${new Date(deployedAt).toISOString()}`;
}

/** The key that identifies a session across imports: its `session_id`, else its day and prompt text. */
export function sessionKey(date: string, frontmatter: Record<string, unknown>, prompt: string): string {
  const id = frontmatter.session_id;
  if (typeof id === 'string' || typeof id === 'number') return `id:${id}`;
  return `date:${date}|${prompt}`;
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
  const inFile: Record<SectionKind, number> = { vendors: 0, deployments: 0, enhancements: 0, sessions: 0 };
  for (const section of doc.sections) inFile[section.kind] += section.found + section.malformed;
  const unreadLines = doc.unread.reduce((n, u) => n + u.lines.length, 0);
  const plan: ImportPlan = { vendors: [], deployments: [], enhancements: [], sessions: [], issues: [...doc.issues], warnings: [...doc.warnings], dropped: 0, unreadLines, inFile, isStatusFile: doc.sections.length > 0 };
  plan.dropped = doc.sections.reduce((n, s) => n + s.malformed, 0) + unreadLines;
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
  // Deployments, enhancements and sessions may repeat in the store (nothing makes them unique), so a repeat in the file is another entry, imported and noted.
  const repeat = (kind: string, key: string, line: number, section: string, label: string): void => {
    const first = seen.get(`${kind}:${key}`);
    if (first === undefined) seen.set(`${kind}:${key}`, line);
    else plan.warnings.push({ line, section, reason: `${label} repeats the entry at line ${first}; imported as another one (delete one if it was a copy)` });
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
    const key = deploymentKey(d.commit_hash, d.deployed_at);
    repeat('deployment', key, d.line, SECTIONS.deployments, `deployment of commit ${d.commit_hash} at ${d.deployed_at}`);
    plan.deployments.push({ line: d.line, key, source: d, metadata: metadata.data });
  }

  for (const e of doc.enhancements) {
    const input = CreateEnhancementInput.safeParse({ title: e.title, priority: e.priority, target_quarter: e.target_quarter ?? undefined, status: e.status ?? undefined });
    if (!input.success) {
      reject(e.line, SECTIONS.enhancements, `enhancement "${e.title.slice(0, 60)}": ${firstIssue(input.error)}`);
      continue;
    }
    const key = input.data.title.trim().toLowerCase();
    repeat('enhancement', key, e.line, SECTIONS.enhancements, `enhancement "${input.data.title}"`);
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
    // The title is derived, so it is made to fit the title rules rather than rejected: tabs and other control characters become spaces, and the cut never halves a character.
    const headline = (s.prompt.split('\n')[0] ?? '').replace(new RegExp(CONTROL_CHARACTER.source, 'g'), ' ').replace(/\s+/g, ' ').trim();
    let text = headline ? `Session ${s.date}: ${headline}` : `Session ${s.date}`;
    if (text.length > 200) text = text.slice(0, /[\ud800-\udbff]/.test(text[199]!) ? 199 : 200).trimEnd();
    const title = Title.safeParse(text);
    if (!title.success) {
      reject(s.line, SECTIONS.sessions, `session ${s.date}: ${firstIssue(title.error)}`);
      continue;
    }
    const key = sessionKey(s.date, frontmatter, s.prompt);
    repeat('session', key, s.line, SECTIONS.sessions, `session ${key.startsWith('id:') ? key.slice(3) : s.date}`);
    plan.sessions.push({ line: s.line, key, input: { item_type: 'session', title: title.data, metadata: metadata.data as Record<string, unknown> } });
  }
  // In file order, whichever step found them (stable: notes on one line keep their order).
  plan.issues.sort((a, b) => a.line - b.line);
  plan.warnings.sort((a, b) => a.line - b.line);
  return plan;
}
