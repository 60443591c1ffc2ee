// Prints the CREATE SQL the entities describe, per dialect. Used to write the
// initial migrations (packages/storage/src/migrations/*): run
//   pnpm --filter @project-status/storage exec tsx scripts/print-schema.ts sqlite|postgres
import { initOrm } from '../src/orm/init.js';

const engine = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const orm = await initOrm(
  engine === 'sqlite' ? { engine, file: ':memory:' } : { engine, url: process.env.PROJECT_STATUS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
  [],
);
const sql = await orm.schema.getCreateSchemaSQL({ wrap: false });
process.stdout.write(sql);
await orm.close(true);
