/**
 * `@project-status/storage/testing`: real databases for tests of every package.
 *
 * @example
 * import { describeEachEngine } from '@project-status/storage/testing';
 * describeEachEngine('vendors', (ctx) => { it('creates one', async () => { await ctx.ps().create_vendor({ name: 'a' }); }); });
 */
export {
  TEST_POSTGRES_URL,
  POSTGRES_REQUIRED,
  ENGINES,
  postgresUnavailableReason,
  createPostgresDatabase,
  createSqliteDatabase,
  createTestDatabase,
  type TestDatabase,
} from './databases.js';
export { describeEachEngine, type EngineContext } from './describe-each-engine.js';
export { executeRawSql, queryRawSql } from './raw-sql.js';
export { createTcpForwarder, type TcpForwarder } from './tcp-forwarder.js';
export { createOutageProxy, type OutageProxy, type OutageMode } from './outage-proxy.js';
export { createDestroyedPrimary } from './destroyed-primary.js';
export { holdSqliteWriteLock, type HeldSqliteLock } from './sqlite-lock.js';
