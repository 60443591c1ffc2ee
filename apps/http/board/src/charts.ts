import { h, s } from './dom.js';

/**
 * Small bar charts drawn as SVG in the page: no chart library, a few hundred
 * bytes of code. Each chart is an image with a name and a summary for screen
 * readers, followed by the same numbers as a table for anyone who would
 * rather read them.
 */

export interface Bar {
  label: string;
  /** Stacked parts; a plain bar has one. */
  parts: { name: string; value: number }[];
}

const COLORS = ['c0', 'c1', 'c2', 'c3'];

export function barChart(title: string, bars: Bar[], id: string): HTMLElement {
  const names = [...new Set(bars.flatMap((b) => b.parts.map((p) => p.name)))];
  const max = Math.max(1, ...bars.map((b) => b.parts.reduce((n, p) => n + p.value, 0)));
  const width = 360;
  const height = 160;
  const barW = Math.min(48, Math.max(4, Math.floor((width - 20) / Math.max(1, bars.length)) - 4));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height + 30}`, role: 'img', 'aria-labelledby': `${id}-t`, class: 'chart', focusable: 'false' }, s('title', { id: `${id}-t` }, title));
  bars.forEach((bar, i) => {
    let y = height;
    const x = 10 + i * (barW + 4);
    bar.parts.forEach((part) => {
      const hgt = Math.round((part.value / max) * (height - 10));
      y -= hgt;
      if (hgt > 0) svg.append(s('rect', { x, y, width: barW, height: hgt, class: COLORS[names.indexOf(part.name) % COLORS.length] }, s('title', null, `${bar.label} ${part.name}: ${part.value}`)));
    });
    if (bars.length <= 16) svg.append(s('text', { x: x + barW / 2, y: height + 14, 'text-anchor': 'middle', class: 'axis' }, bars.length > 6 && bar.label.length > 8 ? `${bar.label.slice(0, 7)}…` : bar.label.length > 14 ? `${bar.label.slice(0, 13)}…` : bar.label));
  });
  svg.append(s('line', { x1: 6, y1: height, x2: width - 4, y2: height, class: 'axis-line' }));
  const legend = names.length > 1 ? h('ul', { class: 'legend' }, names.map((n, i) => h('li', null, h('span', { class: `swatch ${COLORS[i % COLORS.length]}`, 'aria-hidden': 'true' }), n))) : null;
  const table = h(
    'details',
    null,
    h('summary', null, 'The numbers'),
    h('table', null, h('thead', null, h('tr', null, h('th', { scope: 'col' }, ''), names.map((n) => h('th', { scope: 'col' }, n)))), h('tbody', null, bars.map((b) => h('tr', null, h('th', { scope: 'row' }, b.label), names.map((n) => h('td', null, String(b.parts.find((p) => p.name === n)?.value ?? 0))))))),
  );
  return h('figure', { class: 'chart-box' }, h('figcaption', null, title), svg, legend, table);
}

/** Monday-based week start (local), as `MM-DD`. */
export function weekOf(iso: string): string {
  const d = new Date(iso);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return `${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The last `n` week labels, oldest first. */
export function lastWeeks(n: number, now = new Date()): string[] {
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(weekOf(new Date(now.getTime() - i * 7 * 86_400_000).toISOString()));
  return out;
}
