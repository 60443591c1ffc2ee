/**
 * Marks rows deleted before `work_items.deleted_with` existed the way restores
 * found them until then: a deleted item whose parent was deleted at the same
 * instant belongs to the cascade of the topmost such ancestor. The same SQL
 * on both engines.
 */
export const BACKFILL_DELETED_WITH = `with recursive chain(id, root, deleted_at) as (
  select w.id, w.id, w.deleted_at from work_items w left join work_items p on p.id = w.parent_id
  where w.deleted_at is not null and (p.id is null or p.deleted_at is null or p.deleted_at <> w.deleted_at)
  union all
  select c.id, chain.root, c.deleted_at from work_items c join chain on c.parent_id = chain.id where c.deleted_at = chain.deleted_at
)
update work_items set deleted_with = (select chain.root from chain where chain.id = work_items.id)
where id in (select chain.id from chain where chain.id <> chain.root)`;
