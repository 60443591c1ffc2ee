// Hand-written full-text DDL, appended to the initial migrations (the schema
// generator is told to skip these objects; see src/orm/config.ts).
export const sqliteFullText = [
  `create virtual table work_items_fts using fts5(title, body, labels, tokenize = 'porter unicode61 remove_diacritics 2')`,
  `create trigger work_items_fts_ai after insert on work_items begin insert into work_items_fts(rowid, title, body, labels) values (new.rowid, new.title, (select group_concat(value, ' ') from json_tree(new.metadata) where type = 'text'), (select group_concat(value, ' ') from json_each(new.labels))); end`,
  `create trigger work_items_fts_au after update of title, metadata, labels on work_items begin delete from work_items_fts where rowid = old.rowid; insert into work_items_fts(rowid, title, body, labels) values (new.rowid, new.title, (select group_concat(value, ' ') from json_tree(new.metadata) where type = 'text'), (select group_concat(value, ' ') from json_each(new.labels))); end`,
  `create trigger work_items_fts_ad after delete on work_items begin delete from work_items_fts where rowid = old.rowid; end`,
];

export const postgresFullText = [
  `alter table "work_items" add column "search_vector" tsvector generated always as (setweight(to_tsvector('english', "title"), 'A') || setweight(jsonb_to_tsvector('english', "labels", '["string"]'), 'A') || setweight(jsonb_to_tsvector('english', "metadata", '["string"]'), 'B')) stored`,
  `create index "work_items_search_vector_idx" on "work_items" using gin ("search_vector")`,
];
