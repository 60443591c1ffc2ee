import { ValidationError } from '../errors/domain-error.js';
import { defaultConfiguration, type ProjectConfiguration, type UpdateConfigurationInput } from '../configuration/schema.js';
import { assertVersion, definedOnly, effectiveChanges, historyEntry, nowIso, type ServiceEnv } from './env.js';

/** get_project_configuration: the defaults (version 0) until someone writes it. */
export async function getProjectConfiguration(env: ServiceEnv): Promise<ProjectConfiguration> {
  return (await env.store.getConfiguration()) ?? defaultConfiguration();
}

/** update_project_configuration: version-checked; version 0 for the first write. */
export async function updateProjectConfiguration(env: ServiceEnv, input: UpdateConfigurationInput): Promise<ProjectConfiguration> {
  const at = nowIso(env);
  return env.store.transaction(async (tx) => {
    const current = (await tx.getConfiguration()) ?? defaultConfiguration();
    assertVersion('configuration', current, input.version, 'singleton');
    const { version: _v, updated_by: _u, ...fields } = input;
    if (fields.current_session_id) {
      const session = await tx.getWorkItem(fields.current_session_id);
      if (!session || session.deleted_at || session.item_type !== 'session') {
        throw ValidationError.field('current_session_id', `must be a live session work item; ${fields.current_session_id} is ${!session ? 'unknown' : session.deleted_at ? 'deleted' : `a ${session.item_type}`}`);
      }
    }
    const changes = effectiveChanges(current, definedOnly(fields) as Partial<ProjectConfiguration>);
    if (Object.keys(changes).length === 0) return current;
    const next: ProjectConfiguration = { ...current, ...changes, version: current.version + 1, updated_at: at, updated_by: env.actor };
    const saved = await tx.saveConfiguration(next, current.version);
    await tx.appendHistory([historyEntry(env, 'configuration', 'singleton', saved.version, 'update', current, saved, at)]);
    return saved;
  });
}
