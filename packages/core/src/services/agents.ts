import { z } from 'zod';
import { ValidationError } from '../errors/domain-error.js';
import { upsertAgentsSection } from '../onboarding/agents-section.js';
import type { ServiceEnv } from './env.js';
import { lazySchema } from '../primitives/lazy-schema.js';

/** The instruction files assistants read, in the order they are looked for. */
export const AGENT_FILES = ['AGENTS.md', 'CLAUDE.md'] as const;

export const WriteAgentInstructionsInput = lazySchema(() => z.strictObject({
  file: z.enum(AGENT_FILES).optional(),
  dry_run: z.boolean().default(false),
}));

export const WriteAgentInstructionsResult = lazySchema(() => z.object({
  files: z.array(z.object({ path: z.string(), action: z.enum(['created', 'updated', 'unchanged']) })),
  dry_run: z.boolean(),
}));

/**
 * write_agent_instructions (`project-status agents`): writes or refreshes the
 * marked workflow section in `file`, or else in every one of AGENTS.md and
 * CLAUDE.md that exists at the project root (AGENTS.md is created when
 * neither does). Idempotent; never touches text outside the markers.
 */
export async function writeAgentInstructions(
  env: ServiceEnv,
  input: z.infer<typeof WriteAgentInstructionsInput>,
): Promise<z.infer<typeof WriteAgentInstructionsResult>> {
  const files = env.files;
  if (!files) throw ValidationError.rule('writing AGENTS.md needs a project root; open the store with one (the CLI and servers do)');
  let targets: string[] = input.file ? [input.file] : [];
  if (!input.file) {
    for (const name of AGENT_FILES) if (await files.exists(name)) targets.push(name);
    if (targets.length === 0) targets = ['AGENTS.md'];
  }
  const result: z.infer<typeof WriteAgentInstructionsResult> = { files: [], dry_run: input.dry_run };
  for (const name of targets) {
    const existing = (await files.exists(name)) ? await files.readText(name) : null;
    const { content, changed } = upsertAgentsSection(existing);
    if (changed && !input.dry_run) await files.writeTextAtomic(name, content);
    result.files.push({ path: files.resolve(name), action: existing === null ? 'created' : changed ? 'updated' : 'unchanged' });
  }
  return result;
}
