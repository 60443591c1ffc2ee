/**
 * Boundary rules (STYLE.md "Layers and boundaries"): core is pure, apps are
 * thin, and nobody reaches into another package's `src/`.
 */
const noOtherSrc = {
  group: ['@project-status/*/src/*', '../../packages/*', '../../../packages/*'],
  message: 'Import a package through its public entry point, never its src/.',
};

export const boundaries = [
  {
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'node:fs', message: 'core does no I/O: file access lives in @project-status/storage.' },
          { name: 'fs', message: 'core does no I/O: file access lives in @project-status/storage.' },
          { name: 'node:fs/promises', message: 'core does no I/O.' },
          { name: 'node:child_process', message: 'core does no I/O: processes live in storage or apps.' },
          { name: 'child_process', message: 'core does no I/O.' },
          { name: '@project-status/storage', message: 'core must not depend on storage; storage implements core ports.' },
          { name: 'better-sqlite3', message: 'core knows no database.' },
          { name: 'pg', message: 'core knows no database.' },
          { name: 'knex', message: 'core knows no database.' },
        ],
        patterns: [
          { group: ['@mikro-orm/*'], message: 'core knows no database.' },
          { group: ['@project-status/storage/*'], message: 'core must not depend on storage.' },
          noOtherSrc,
        ],
      }],
    },
  },
  {
    files: ['apps/*/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@mikro-orm/*'], message: 'apps never touch the ORM: go through @project-status/storage.' },
          { group: ['better-sqlite3', 'pg', 'knex'], message: 'apps never touch a database driver.' },
          noOtherSrc,
        ],
      }],
    },
  },
  {
    files: ['packages/storage/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noOtherSrc] }],
    },
  },
];
