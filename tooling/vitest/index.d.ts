import type { UserConfig } from 'vitest/config';
export declare const sharedTestConfig: NonNullable<UserConfig['test']>;
declare const config: UserConfig;
export default config;
