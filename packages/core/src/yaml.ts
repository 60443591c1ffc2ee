import type * as Yaml from 'yaml';

/** The `yaml` package's API, as {@link loadYaml} returns it. */
export type YamlModule = typeof Yaml;

let loading: Promise<YamlModule> | undefined;

/**
 * The `yaml` package, imported on first use: it costs ~60 ms of start-up,
 * which only reading or writing the legacy status file needs — every other
 * CLI command and server start is spared it.
 */
export function loadYaml(): Promise<YamlModule> {
  loading ??= import('yaml');
  return loading;
}
