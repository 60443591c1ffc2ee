import type { Options } from 'tsup';
export declare function libraryConfig(overrides?: Options): Options;
export declare function binConfig(overrides?: Options): Options;
