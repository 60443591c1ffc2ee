import { bundledBinConfig } from '../../tooling/tsup/index.js';
import type { Options } from 'tsup';

// The library leaves its dependencies external (installed beside the package), the HTTP transport
// a lazy chunk; the bin bundles the MCP SDK, core and storage into one file (see bundledBinConfig).
const config: Options[] = bundledBinConfig();

export default config;
