import { Migration } from '@mikro-orm/migrations';

/**
 * Full-text search on PostgreSQL ignores accents, as SQLite's FTS5 does
 * (`remove_diacritics 2`): `equipe` finds `Équipe`. The title, labels and
 * metadata strings are indexed with their combining marks removed (NFD, then
 * U+0300–U+036F dropped; the query is folded the same way in
 * sql/work-item-queries.ts). `normalize()` needs a UTF8 database; on any other
 * encoding the text is indexed as before. Built-ins only: no `unaccent`
 * extension, which a host's database may not allow.
 *
 * One function builds a row's document, for the trigger and for the rebuild
 * of the documents already stored (written directly, so no row of
 * `work_items` changes and no change-feed entry is made).
 */
export class Migration20261130400000_search_folds_accents extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function work_items_fts_document(title text, labels jsonb, metadata jsonb) returns tsvector language plpgsql stable as $$
begin
  if current_setting('server_encoding') = 'UTF8' then
    title := regexp_replace(normalize(title, NFD), '[\\u0300-\\u036f]', '', 'g');
    labels := regexp_replace(normalize(labels::text, NFD), '[\\u0300-\\u036f]', '', 'g')::jsonb;
    metadata := regexp_replace(normalize(metadata::text, NFD), '[\\u0300-\\u036f]', '', 'g')::jsonb;
  end if;
  return setweight(to_tsvector('english', title), 'A') || setweight(jsonb_to_tsvector('english', labels, '["string"]'), 'A') || setweight(jsonb_to_tsvector('english', metadata, '["string"]'), 'B');
end $$`);
    this.addSql(`create or replace function work_items_fts_sync() returns trigger language plpgsql as $$ begin insert into work_items_fts (id, document, live) values (new.id, work_items_fts_document(new.title, new.labels, new.metadata), new.deleted_at is null) on conflict (id) do update set document = excluded.document, live = excluded.live; return new; end $$`);
    this.addSql(`update work_items_fts f set document = work_items_fts_document(w.title, w.labels, w.metadata) from work_items w where w.id = f.id`);
  }
}
