// Hand-written full-text DDL, appended to the initial migrations. The search
// index lives in its own table on both engines (`work_items_fts`), kept in step
// by triggers, and the schema generator is told to skip it (src/orm/config.ts),
// so entity/schema diffs stay exact. It also carries whether the item is live
// (not soft-deleted), so an unfiltered search ranks and pages inside the index
// and joins only the page it returns.
export const sqliteFullText = [
  `create virtual table work_items_fts using fts5(title, body, labels, live unindexed, tokenize = 'porter unicode61 remove_diacritics 2')`,
  `create trigger work_items_fts_ai after insert on work_items begin insert into work_items_fts(rowid, title, body, labels, live) values (new.rowid, new.title, (select group_concat(value, ' ') from json_tree(new.metadata) where type = 'text'), (select group_concat(value, ' ') from json_each(new.labels)), new.deleted_at is null); end`,
  `create trigger work_items_fts_au after update of title, metadata, labels, deleted_at on work_items begin delete from work_items_fts where rowid = old.rowid; insert into work_items_fts(rowid, title, body, labels, live) values (new.rowid, new.title, (select group_concat(value, ' ') from json_tree(new.metadata) where type = 'text'), (select group_concat(value, ' ') from json_each(new.labels)), new.deleted_at is null); end`,
  `create trigger work_items_fts_ad after delete on work_items begin delete from work_items_fts where rowid = old.rowid; end`,
];

export const postgresFullText = [
  `create table "work_items_fts" ("id" uuid not null primary key references "work_items" ("id") on update cascade on delete cascade, "document" tsvector not null, "live" boolean not null default true)`,
  `create index "work_items_fts_document_idx" on "work_items_fts" using gin ("document")`,
  `create function work_items_fts_sync() returns trigger language plpgsql as $$ begin insert into work_items_fts (id, document, live) values (new.id, setweight(to_tsvector('english', new.title), 'A') || setweight(jsonb_to_tsvector('english', new.labels, '["string"]'), 'A') || setweight(jsonb_to_tsvector('english', new.metadata, '["string"]'), 'B'), new.deleted_at is null) on conflict (id) do update set document = excluded.document, live = excluded.live; return new; end $$`,
  `create trigger work_items_fts_sync after insert or update of title, labels, metadata, deleted_at on work_items for each row execute function work_items_fts_sync()`,
];
