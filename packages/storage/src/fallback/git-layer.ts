import { Snapshot, SNAPSHOT_FILE, type Deployment } from '@project-status/core';
import { keepViewOpen, type KeptLayer } from './kept-view.js';
import type { LayerResult } from './layer.js';
import { openSnapshotStore } from './snapshot-store.js';

/** Options of {@link createGitLayer}. */
export interface GitLayerOptions {
  /** The project root (where `.project-status/` lives); any folder of a repository or worktree. */
  root: string;
  /** The git executable (default `git`, looked up on `env.PATH`). */
  gitBinary?: string;
  /** Environment of the git processes (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Longest any one git call may take before it is killed (default 5 000 ms). */
  timeoutMs?: number;
  /** Largest snapshot read (default 256 MiB): a bigger one is refused, not read half-way. */
  maxSnapshotBytes?: number;
  /** How many of the newest commits are scanned for merged pull requests (default 200; 0 turns it off). */
  logCommits?: number;
  /**
   * Least milliseconds between two checks of whether HEAD or the committed snapshot moved (default 2 000):
   * the opened view is kept and served unchecked in between, and rebuilt when either moved.
   */
  recheckMs?: number;
}

/** Why git could not answer, or what it printed. */
type GitOutcome = { ok: true; stdout: string } | { ok: false; kind: 'missing' | 'too_large' | 'timeout' | 'failed'; message: string };

const SNAPSHOT_PATH = `./${SNAPSHOT_FILE}`;
const FIELD = '\x1f';
const RECORD = '\x1e';

/** One git call, bounded in time and output; never throws. */
function git(args: readonly string[], options: GitLayerOptions & { maxBuffer: number }): Promise<GitOutcome> {
  // Loaded on the first git call: a CLI call that never falls back does not pay for node:child_process.
  const { execFile } = process.getBuiltinModule('node:child_process');
  return new Promise((resolve) => {
    execFile(
      options.gitBinary ?? 'git',
      // No pager, no colour, no optional index locks, no prompt for credentials: this runs unattended, maybe while another git runs.
      ['--no-pager', '-c', 'color.ui=false', '-c', 'log.showSignature=false', ...args],
      {
        cwd: options.root,
        env: { ...(options.env ?? process.env), GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
        timeout: options.timeoutMs ?? 5_000,
        killSignal: 'SIGKILL',
        maxBuffer: options.maxBuffer,
        encoding: 'utf8',
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ ok: true, stdout });
        const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string };
        if (e.code === 'ENOENT') return resolve({ ok: false, kind: 'missing', message: `git is not installed or not on PATH (${options.gitBinary ?? 'git'} was not found)` });
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return resolve({ ok: false, kind: 'too_large', message: `git printed more than ${options.maxBuffer} bytes for "git ${args[0]}"` });
        if (e.killed || e.signal) return resolve({ ok: false, kind: 'timeout', message: `git did not finish "git ${args[0]}" within ${options.timeoutMs ?? 5_000} ms` });
        const said = String(stderr || e.message).trim().split('\n')[0] ?? '';
        resolve({ ok: false, kind: 'failed', message: said || `git ${args[0]} failed` });
      },
    );
  });
}

/** A UUID (version 8, "custom") made from a commit hash, so a log-derived deployment keeps its id between calls. */
export function deploymentIdFromCommit(hash: string): string {
  const h = hash.slice(0, 32).split('');
  h[12] = '8';
  h[16] = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/** A merged pull request as a commit subject says it. */
export interface MergedPullRequest {
  pr_number: number;
  pr_title: string;
}

/**
 * The pull request a commit subject names, from the two forms hosts write:
 * a squash or rebase merge, `Title of the change (#123)`, and a merge
 * commit, `Merge pull request #123 from owner/branch` (its title is the first
 * line of the body, when there is one). Null for any other commit.
 */
export function pullRequestFromCommit(subject: string, body = ''): MergedPullRequest | null {
  const merge = /^Merge pull request #(\d+)\b/.exec(subject);
  if (merge) {
    const first = body.split('\n').map((l) => l.trim()).find(Boolean);
    return { pr_number: Number(merge[1]), pr_title: clipTitle(first ?? subject) };
  }
  const squash = /^(.*\S)\s+\(#(\d+)\)\s*$/.exec(subject);
  if (squash) return { pr_number: Number(squash[2]), pr_title: clipTitle(squash[1]!) };
  return null;
}

function clipTitle(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 200 ? `${t.slice(0, 199)}…` : t;
}

/**
 * Deployments recovered from `git log` output (records of hash, committer
 * time, subject, body): one per commit that merged a pull request, newest
 * first. They carry no vendors, work items or test results (the log does not
 * know them), `metadata.source: "git_log"` and `created_by: "git-log"`.
 */
export function deploymentsFromLog(log: string): Deployment[] {
  const out: Deployment[] = [];
  for (const record of log.split(RECORD)) {
    const [hash, time, subject, body] = record.replace(/^\n/, '').split(FIELD);
    if (!hash || !time || subject === undefined || !/^[0-9a-f]{40}$/.test(hash)) continue;
    const pr = pullRequestFromCommit(subject, body ?? '');
    const at = new Date(time);
    if (!pr || pr.pr_number > 2_147_483_647 || !pr.pr_title || Number.isNaN(at.getTime())) continue;
    const iso = at.toISOString();
    out.push({
      id: deploymentIdFromCommit(hash),
      deployed_at: iso,
      commit_hash: hash,
      metadata: { pr_number: pr.pr_number, pr_title: pr.pr_title, commit_hash: hash, test_summary: {}, constitutional_compliance: false, source: 'git_log' },
      vendors: [],
      work_items: [],
      version: 1,
      created_at: iso,
      created_by: 'git-log',
    });
  }
  return out;
}

/** Log-derived deployments the snapshot does not already hold (same commit, or same pull request). */
export function mergeLogDeployments(recorded: readonly Deployment[], fromLog: readonly Deployment[]): Deployment[] {
  const commits = new Set(recorded.map((d) => d.commit_hash));
  const prs = new Set(recorded.map((d) => d.metadata.pr_number));
  const added: Deployment[] = [];
  for (const d of fromLog) {
    if (commits.has(d.commit_hash) || prs.has(d.metadata.pr_number)) continue;
    commits.add(d.commit_hash);
    prs.add(d.metadata.pr_number);
    added.push(d);
  }
  return added;
}

/**
 * Fallback layer 3 (SPEC §5): the newest *committed* `.project-status/snapshot.json`
 * of the checkout's HEAD, read with git itself (`git cat-file`: no working
 * tree, no filters, works in a linked worktree), plus the pull requests merged
 * in the newest commits as deployments the snapshot lacks. `as_of` is the
 * committer time of the commit that last changed the snapshot.
 *
 * Never throws. No git, no repository, no commit, no committed snapshot, a
 * snapshot that is not JSON or not a snapshot: `{ ok: false, reason }`, and
 * the chain moves on — an edited or half-written snapshot is never served.
 *
 * @example
 * const result = await createGitLayer({ root }).open();
 * if (result.ok) await createProjectStatus({ store: result.read.store }).list_ready_work({});
 */
export function createGitLayer(options: GitLayerOptions): KeptLayer {
  const fail = (reason: string): LayerResult => ({ ok: false, source: 'git', reason });
  return keepViewOpen('git', {
    recheckMs: options.recheckMs ?? 2_000,
    // One cheap git call, no history walk: the commit checked out and the snapshot's blob at it. The log's
    // deployments depend on HEAD, the rows on the blob; a missing snapshot (or repository) is null.
    async key() {
      const ids = await git(['rev-parse', 'HEAD^{commit}', `HEAD:${SNAPSHOT_PATH}`, '--'], { ...options, maxBuffer: 1 << 16 });
      return ids.ok ? ids.stdout.trim().replace(/\s+/g, ' ') : null;
    },
    async open(): Promise<LayerResult> {
      const small = { ...options, maxBuffer: 1 << 20 };
      // Two git calls on the way to an answer: which commit last changed the snapshot, then (together) its
      // content and the recent log. Only a failure pays for the calls that say why.
      const last = await git(['log', '-1', `--format=%H${FIELD}%cI`, 'HEAD', '--', SNAPSHOT_PATH], small);
      if (!last.ok) {
        if (last.kind === 'missing') return fail(`git_unavailable: ${last.message}`);
        if (last.kind === 'timeout') return fail(`git_failed: ${last.message}`);
        const inside = await git(['rev-parse', '--git-dir'], small);
        if (!inside.ok) return fail(`no_git_repository: ${options.root} is not inside a git repository (${inside.message})`);
        const head = await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], small);
        if (!head.ok) return fail(`no_commits: the git repository at ${options.root} has no commits yet, so it holds no committed snapshot`);
        return fail(`git_failed: could not read the history of ${SNAPSHOT_FILE}: ${last.message}`);
      }
      const [commit, committedAt] = last.stdout.trim().split(FIELD);
      const noSnapshot = `no_committed_snapshot: HEAD holds no ${SNAPSHOT_FILE} (export one with export_snapshot or generate_status_report with write_file, then commit it)`;
      if (!commit || !committedAt) return fail(noSnapshot);
      const limit = options.maxSnapshotBytes ?? 256 * 1024 * 1024;
      const logCommits = options.logCommits ?? 200;
      const [blob, log] = await Promise.all([
        git(['cat-file', 'blob', `HEAD:${SNAPSHOT_PATH}`], { ...options, maxBuffer: limit }),
        logCommits > 0 ? git(['log', '-n', String(logCommits), `--format=%H${FIELD}%cI${FIELD}%s${FIELD}%b${RECORD}`, 'HEAD'], { ...options, maxBuffer: 16 << 20 }) : null,
      ]);
      if (!blob.ok) {
        if (blob.kind === 'too_large') return fail(`snapshot_too_large: the committed ${SNAPSHOT_FILE} is larger than the ${limit} bytes this layer reads`);
        // Changed by a commit but gone at HEAD (deleted since): nothing committed to serve.
        return blob.kind === 'failed' ? fail(noSnapshot) : fail(`git_failed: could not read the committed ${SNAPSHOT_FILE}: ${blob.message}`);
      }
      const where = `committed in ${commit.slice(0, 12)}`;
      let json: unknown;
      try {
        json = JSON.parse(blob.stdout);
      } catch (error) {
        return fail(`snapshot_invalid_json: the ${SNAPSHOT_FILE} ${where} is not valid JSON (${(error as Error).message}); export and commit a new one`);
      }
      const parsed = Snapshot.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return fail(`snapshot_invalid: the ${SNAPSHOT_FILE} ${where} is not a Project Status snapshot (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unreadable'}); export and commit a new one`);
      }
      const snapshot = parsed.data;
      const warnings: string[] = [];
      let deployments = snapshot.deployments;
      if (log?.ok) {
        const added = mergeLogDeployments(snapshot.deployments, deploymentsFromLog(log.stdout));
        if (added.length) {
          deployments = [...snapshot.deployments, ...added];
          warnings.push('deployments_from_git_log');
        }
      } else if (log) warnings.push('git_log_unreadable');
      const as_of = new Date(committedAt).toISOString();
      try {
        const store = await openSnapshotStore({ ...snapshot, deployments }, { source: 'git', describe: `the snapshot ${where} at ${as_of}`, as_of });
        return { ok: true, read: { store, source: 'git', as_of, warnings } };
      } catch (error) {
        return fail(`snapshot_unloadable: the ${SNAPSHOT_FILE} ${where} could not be loaded (${(error as Error).message})`);
      }
    },
  });
}
