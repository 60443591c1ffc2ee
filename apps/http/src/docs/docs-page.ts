/**
 * The interactive API page at `/docs`: one self-contained HTML file that
 * loads nothing from the network (servers running this often have none). The
 * OpenAPI document is embedded; a small script renders each route with its
 * parameters and schemas and a form that sends a real request.
 */

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;color:#c9d1d9}main{max-width:1100px;margin:0 auto;padding:16px 24px}
#auth{margin:12px 0}#auth input{width:340px}h2{margin:24px 0 8px;text-transform:capitalize}
details{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:6px 0}
summary{cursor:pointer;padding:8px 12px;display:flex;gap:12px;align-items:baseline}
.m{font:bold 12px monospace;padding:2px 6px;border-radius:4px;color:#fff;min-width:52px;text-align:center}
.GET{background:#0969da}.POST{background:#1a7f37}.PATCH{background:#9a6700}.DELETE{background:#cf222e}
.p{font-family:monospace}.s{color:#57606a}.body{padding:0 12px 12px}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;padding:8px;overflow:auto;max-height:320px}
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
textarea{width:100%;min-height:90px;font-family:monospace}label{display:block;margin:4px 0}
input{font-family:monospace}button{margin-top:6px}
`;

const SCRIPT = `
const doc = JSON.parse(document.getElementById('openapi').textContent);
const el = (tag, props = {}, ...children) => { const n = Object.assign(document.createElement(tag), props); n.append(...children); return n; };
const token = document.getElementById('token');
token.value = sessionStorage.getItem('ps-token') || '';
token.addEventListener('change', () => sessionStorage.setItem('ps-token', token.value));
const resolve = (s) => s && s.$ref ? resolve(s.$ref.split('/').slice(1).reduce((o, k) => o[k], doc)) : s;
const groups = {};
for (const [path, methods] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(methods)) (groups[op.tags[0]] ||= []).push([path, method.toUpperCase(), op]);
const root = document.getElementById('routes');
for (const [tag, ops] of Object.entries(groups)) {
  root.append(el('h2', { textContent: tag }));
  for (const [path, method, op] of ops) {
    const params = op.parameters.map(resolve);
    const inputs = {};
    const rows = params.map((p) => { const input = el('input', { placeholder: p.in + (p.required ? ' (required)' : '') }); inputs[p.in + ':' + p.name] = input; return el('tr', {}, el('td', { textContent: p.name }), el('td', { textContent: p.in }), el('td', {}, input)); });
    const bodySchema = op.requestBody && op.requestBody.content['application/json'].schema;
    const body = el('textarea', { placeholder: '{ }' });
    const out = el('pre', { textContent: '' });
    const send = el('button', { textContent: 'Send ' + method + ' ' + path });
    send.onclick = async () => {
      let url = path.replace(/\\{([^}]+)\\}/g, (_, k) => encodeURIComponent(inputs['path:' + k].value));
      const q = new URLSearchParams();
      for (const p of params) if (p.in === 'query' && inputs['query:' + p.name].value) q.append(p.name, inputs['query:' + p.name].value);
      if ([...q].length) url += '?' + q;
      const headers = { 'Content-Type': 'application/json' };
      for (const p of params) if (p.in === 'header' && inputs['header:' + p.name].value) headers[p.name] = inputs['header:' + p.name].value;
      if (token.value) headers.Authorization = 'Bearer ' + token.value;
      try {
        const res = await fetch(url, { method, headers, body: bodySchema ? body.value : undefined });
        const etag = res.headers.get('ETag');
        const head = res.status + ' ' + res.statusText + (etag ? '  ETag: ' + etag : '') + '\\n\\n';
        if ((res.headers.get('Content-Type') || '').includes('text/event-stream')) {
          // A stream never ends: show what arrives first, then hang up.
          const reader = res.body.getReader();
          const first = await reader.read();
          reader.cancel();
          out.textContent = head + new TextDecoder().decode(first.value || new Uint8Array()) + '\\n(stream closed by this page)';
          return;
        }
        out.textContent = head + JSON.stringify(await res.json(), null, 2);
      } catch (e) { out.textContent = String(e); }
    };
    root.append(el('details', {},
      el('summary', {}, el('span', { className: 'm ' + method, textContent: method }), el('span', { className: 'p', textContent: path }), el('span', { className: 's', textContent: op.summary })),
      el('div', { className: 'body' },
        el('p', { textContent: op.description }),
        rows.length ? el('table', {}, el('tr', {}, el('th', { textContent: 'parameter' }), el('th', { textContent: 'in' }), el('th', { textContent: 'value' })), ...rows) : '',
        bodySchema ? el('div', {}, el('label', { textContent: 'JSON body' }), body, el('details', {}, el('summary', { textContent: 'body schema' }), el('pre', { textContent: JSON.stringify(bodySchema, null, 2) }))) : '',
        send, out)));
  }
}
`;

/** Escapes text for HTML element content. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The `/docs` page for an OpenAPI document: self-contained, no external assets. */
export function renderDocsPage(document: object): string {
  const info = (document as { info?: { title?: string; description?: string; version?: string } }).info ?? {};
  // "<" is escaped so no string in the document can close the script element.
  const json = JSON.stringify(document).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(info.title ?? 'API')}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(info.title ?? 'API')} <small>${escapeHtml(info.version ?? '')}</small></h1><p>${escapeHtml(info.description ?? '')}</p></header>
<main><p>Machine-readable: <a href="openapi.json">openapi.json</a>. Writes need <code>If-Match</code> with the <code>ETag</code> you read.</p>
<div id="auth"><label>Bearer token (only if the server has one): <input id="token" type="password" autocomplete="off"></label></div>
<div id="routes"></div></main>
<script type="application/json" id="openapi">${json}</script>
<script>${SCRIPT}</script>
</body></html>`;
}
