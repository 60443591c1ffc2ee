import { createProjectStatus, type ProjectStatus, type Store } from '@project-status/core';
import { createProjectFiles } from '../files/project-files.js';
import type { ResolvedTarget } from './config.js';
import type { OpenOptions } from './open.js';

/**
 * Every operation bound to `store`, acting as the configured client: the one
 * way a handle is made, whether its database opened at once or later
 * (`whenUnavailable: 'defer'`) and for a host's transaction.
 */
export function bindOperations(store: Store, resolved: ResolvedTarget, options: OpenOptions): ProjectStatus {
  return createProjectStatus({
    store,
    clientId: options.clientId ?? resolved.configFile.clientId ?? options.defaultClientId,
    clock: options.clock,
    newId: options.newId,
    extraOperations: options.extraOperations,
    files: createProjectFiles(resolved.root),
  });
}
