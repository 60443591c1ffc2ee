import { binConfig } from '../../tooling/tsup/index.js';
import type { Options } from 'tsup';

/**
 * The server and the board. The board (`board/src`, plain DOM, no runtime
 * dependencies) is bundled for browsers into `dist/board/board.{js,css}`,
 * which the server reads at start (docs/board.md). The server build keeps
 * that folder when it cleans `dist/`, since both builds run at once.
 */
const config: Options[] = [
  binConfig({ clean: ['!board/**'] }),
  {
    entry: { board: 'board/src/main.ts' },
    outDir: 'dist/board',
    format: ['iife'],
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    clean: true,
    dts: false,
    tsconfig: 'board/tsconfig.json',
    outExtension: () => ({ js: '.js' }),
  },
];

export default config;
