import { describe, expect, it } from 'vitest';
import { createPalette } from './color.js';
import { cutToWidth, displayWidth, truncateToWidth } from './display-width.js';
import { renderTable } from './table.js';

/** A lone UTF-16 surrogate: half of an emoji, printed as "�". */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('display width of table cells', () => {
  it('counts terminal columns: emoji and CJK take two, accents and joiners none', () => {
    expect(displayWidth('plain ascii')).toBe(11);
    expect(displayWidth('🚀')).toBe(2);
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('e\u0301')).toBe(1); // e + combining acute
    expect(displayWidth('café')).toBe(4);
    expect(displayWidth('👨‍👩‍👧')).toBe(2); // a ZWJ family is one emoji
    expect(displayWidth('👍🏽')).toBe(2); // with a skin tone
    expect(displayWidth('🇫🇷🇩🇪')).toBe(4); // two flags
    expect(displayWidth('❤️')).toBe(2); // text symbol + emoji presentation
    expect(displayWidth('\u001b[31mred\u001b[39m')).toBe(3);
  });

  it('cuts between characters, never inside an emoji, an accented letter or a flag', () => {
    const title = `${'🚀'.repeat(30)} launch`;
    const cut = truncateToWidth(title, 40);
    expect(cut).not.toMatch(LONE_SURROGATE);
    expect(cut).not.toContain('\ufffd');
    expect(cut).toBe(`${'🚀'.repeat(19)}…`); // 38 columns + the ellipsis: a 20th rocket would not fit
    expect(displayWidth(cut)).toBeLessThanOrEqual(40);
    expect(truncateToWidth('a👨‍👩‍👧b'.repeat(10), 6)).toBe('a👨‍👩‍👧ba…'); // 5 columns + the ellipsis
    expect(truncateToWidth('🇫🇷🇩🇪🇮🇹', 5)).toBe('🇫🇷🇩🇪…');
    expect(cutToWidth('e\u0301'.repeat(10), 3)).toBe('e\u0301'.repeat(3));
    expect(truncateToWidth('short 🚀', 40)).toBe('short 🚀');
    expect(truncateToWidth('x'.repeat(50), 40)).toBe(`${'x'.repeat(39)}…`);
  });

  it('aligns a table whose cells hold emoji and CJK by their columns', () => {
    const rows = [{ t: '🚀🚀 go', s: 'a' }, { t: '日本', s: 'b' }, { t: 'plain', s: 'c' }];
    const out = renderTable(rows, [{ header: 'title', cell: (r) => r.t, max: 40 }, { header: 's', cell: (r) => r.s }], createPalette(false));
    const lines = out.split('\n');
    // The second column starts at the same terminal column on every line.
    const starts = lines.map((l) => displayWidth(l.slice(0, l.lastIndexOf(' ') + 1)));
    expect(new Set(starts).size).toBe(1);
    expect(lines[1]).toBe('🚀🚀 go  a');
    expect(lines[2]).toBe('日本     b');
  });
});
