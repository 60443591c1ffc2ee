import { expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

describeEachEngine('search with a trailing * prefix', (ctx) => {
  it('matches words that start with a prefix ending in *, and only whole words without it', async () => {
    const ps = ctx.ps();
    const writing = await ps.create_work_item({ item_type: 'task', title: 'Writing the importer docs' });
    const written = await ps.create_work_item({ item_type: 'task', title: 'Rewritten parser', labels: ['writer'] });
    await ps.create_work_item({ item_type: 'task', title: 'Unrelated chore' });
    const ids = async (query: string, extra: Record<string, unknown> = {}) => (await ps.search_work_items({ query, ...extra })).items.map((i) => i.id).sort();
    // "Writing" in the title, "writer" in the labels; not "Rewritten" (no word starts with writ there).
    expect(await ids('writ*')).toEqual([writing.id, written.id].sort());
    expect(await ids('writ')).toEqual([]);
    expect(await ids('import* writ*')).toEqual([writing.id]);
    // The same with a filter, which takes the other query path.
    expect(await ids('writ*', { item_type: 'task' })).toEqual([writing.id, written.id].sort());
    expect(await ids('rewrit*')).toEqual([written.id]);
  });

  it('keeps query syntax out: operators, quotes and a lone star are plain text', async () => {
    const ps = ctx.ps();
    for (const query of ['*', '"writ', "writ' | chore", 'writ:* & !x', 'NEAR(a b)', 'title:writ*', '(writ*)']) {
      await expect(ps.search_work_items({ query })).resolves.toMatchObject({ total_count: expect.any(Number) });
    }
    expect((await ps.search_work_items({ query: '*' })).total_count).toBe(0);
  });

  it('ignores accents on both engines, in titles, labels and metadata, and in the query', async () => {
    const ps = ctx.ps();
    const equipe = await ps.create_work_item({ item_type: 'task', title: 'Réunion de l’Équipe', labels: ['café'] });
    const plain = await ps.create_work_item({ item_type: 'task', title: 'Equipe plain', metadata: { blocked_reason: 'waits for Ångström' } });
    const ids = async (query: string, extra: Record<string, unknown> = {}) => (await ps.search_work_items({ query, ...extra })).items.map((i) => i.id).sort();
    expect(await ids('EQUIPE')).toEqual([equipe.id, plain.id].sort());
    expect(await ids('équipe')).toEqual([equipe.id, plain.id].sort());
    expect(await ids('reunion')).toEqual([equipe.id]);
    expect(await ids('cafe')).toEqual([equipe.id]);
    expect(await ids('angstrom')).toEqual([plain.id]);
    expect(await ids('équip*', { item_type: 'task' })).toEqual([equipe.id, plain.id].sort());
  });
});
