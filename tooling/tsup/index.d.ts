import type { Options } from 'tsup';
export declare function libraryConfig(overrides?: Options): Options;
export declare const LOADED_BY_OWNER: Record<string, RegExp[]>;
export declare function binConfig(overrides?: Options): Options;
/** The library config and the bundled bin's config; `program` applies to the bin's only. */
export declare function bundledBinConfig(overrides?: Options & { program?: Options }): Options[];
