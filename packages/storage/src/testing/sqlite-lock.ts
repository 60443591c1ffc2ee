import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** A SQLite write lock another process holds; `release` rolls it back and ends that process. */
export interface HeldSqliteLock {
  release(): Promise<void>;
}

/**
 * Takes the write lock of a SQLite database (`BEGIN IMMEDIATE`) in a
 * separate node process and holds it until `release`: a writer elsewhere on
 * the machine, as a test of lock contention needs (a busy database, not a
 * gone one). Resolves once the lock is held.
 *
 * @example
 * const lock = await holdSqliteWriteLock(db.file!);
 * await expect(ps.create_work_item({ item_type: 'task', title: 'x' })).rejects.toMatchObject({ details: { reason: 'database_busy' } });
 * await lock.release();
 */
export async function holdSqliteWriteLock(file: string): Promise<HeldSqliteLock> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const script = `
    const Database = require(${JSON.stringify(driver)});
    const db = new Database(${JSON.stringify(file)});
    db.exec('begin immediate');
    process.stdout.write('locked\\n');
    process.stdin.on('data', () => undefined);
    process.stdin.on('end', () => { db.exec('rollback'); db.close(); process.exit(0); });
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the process holding the lock on ${file} exited with ${code} before locking: ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    async release() {
      child.stdin.end();
      await exited;
    },
  };
}
