import pg from 'pg';
import { openProjectStatus } from '@project-status/storage';

/** A service that already has a node-postgres pool hands it over. */
export async function trackWithServicePool(databaseUrl: string): Promise<string> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 }); // the service's own pool and size
  const ps = await openProjectStatus({ pool, clientId: 'billing-service' });
  const task = await ps.create_work_item({ item_type: 'task', title: 'Reconcile invoices' });
  await ps.close(); // leaves the service's pool open
  const { rows } = await pool.query('select title from work_items where id = $1', [task.id]);
  await pool.end();
  return rows[0].title;
}
