/**
 * The bare equivalent of `project-status work ready` for the cold-start
 * bench: node, better-sqlite3, the store's ready-work statement on the same
 * file, a plain table on stdout. No validation, no CLI, no schemas.
 *
 *   node ready-sqlite.mjs path/to/status.db
 */
import Database from 'better-sqlite3';

const db = new Database(process.argv[2], { readonly: true, fileMustExist: true });
const rows = db
  .prepare(
    `select short_id, item_type, status, priority, title, version, updated_at from work_items w
     where w.status = 'active' and w.deleted_at is null and w.item_type in ('task', 'research')
       and (w.assignee is null or w.lease_expires_at <= ?)
       and not exists (select 1 from work_item_dependencies d join work_items b on b.id = d.source_id
         where d.target_id = w.id and d.dependency_type = 'blocks' and b.status <> 'completed' and b.deleted_at is null)
       and not exists (select 1 from work_item_dependencies d join work_items b on b.id = d.target_id
         where d.source_id = w.id and d.dependency_type = 'depends_on' and b.status <> 'completed' and b.deleted_at is null)
     order by w.priority, w.depth, w.created_at, w.id limit 50`,
  )
  .all(new Date().toISOString());
db.close();
process.stdout.write(`${rows.map((r) => Object.values(r).join('  ')).join('\n')}\ncount: ${rows.length}\n`);
