/**
 * The interactive API reference at `/api/docs`: one self-contained page (no network beyond this server)
 * that reads `/api/openapi.json`, lists every operation by tag and sends requests with the token or key
 * typed into it. Everything shown is built with `textContent`, never parsed as HTML.
 */
export function docsPage(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MCPShield API</title>
<style nonce="${nonce}">
  :root { color-scheme: light dark; --muted: #6b7280; --line: #d1d5db; --accent: #2563eb; }
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 980px; padding: 24px; }
  h1 { margin: 0 0 4px; } h2 { margin-top: 32px; text-transform: capitalize; }
  .muted { color: var(--muted); }
  fieldset { border: 1px solid var(--line); border-radius: 8px; display: grid; gap: 8px;
             grid-template-columns: 10em 1fr; padding: 12px; }
  input, textarea { font: 13px ui-monospace, monospace; padding: 4px 6px; width: 100%; box-sizing: border-box; }
  details { border: 1px solid var(--line); border-radius: 8px; margin: 8px 0; padding: 8px 12px; }
  summary { cursor: pointer; font-family: ui-monospace, monospace; }
  .method { display: inline-block; font-weight: 700; width: 4.5em; }
  .GET { color: #059669; } .POST { color: var(--accent); } .PUT, .PATCH { color: #d97706; } .DELETE { color: #dc2626; }
  .form { display: grid; gap: 6px; grid-template-columns: 10em 1fr; margin: 8px 0; }
  pre { background: rgba(127,127,127,.12); border-radius: 6px; overflow: auto; padding: 8px; white-space: pre-wrap; }
  button { background: var(--accent); border: 0; border-radius: 6px; color: white; cursor: pointer; padding: 6px 14px; }
</style>
</head>
<body>
<h1>MCPShield API</h1>
<p class="muted" id="description">Loading <code>/api/openapi.json</code>…</p>
<fieldset>
  <legend>Credentials (kept in this tab only)</legend>
  <label for="token">Access token</label><input id="token" placeholder="from POST /api/auth/login" autocomplete="off">
  <label for="apikey">API key</label><input id="apikey" placeholder="mcps_..." autocomplete="off">
  <label for="org">Organization id</label><input id="org" placeholder="optional: X-Organization-Id" autocomplete="off">
</fieldset>
<main id="operations"></main>
<script nonce="${nonce}">
'use strict';
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) k === 'text' ? (node.textContent = v) : node.setAttribute(k, v);
  node.append(...children);
  return node;
};
for (const id of ['token', 'apikey', 'org']) {
  const input = document.getElementById(id);
  input.value = sessionStorage.getItem('mcpshield.' + id) || '';
  input.addEventListener('input', () => sessionStorage.setItem('mcpshield.' + id, input.value));
}
/** A starting body for a schema: defaults, first enum values, placeholders by type. */
function example(schema) {
  if (!schema || typeof schema !== 'object') return null;
  if ('default' in schema) return schema.default;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return example(schema.anyOf[0]);
  switch (schema.type) {
    case 'object': {
      const out = {};
      for (const [k, v] of Object.entries(schema.properties || {})) out[k] = example(v);
      return out;
    }
    case 'array': return [];
    case 'integer': case 'number': return schema.minimum ?? 0;
    case 'boolean': return false;
    case 'string': return schema.format === 'email' ? 'you@example.com' : '';
    default: return null;
  }
}
async function send(method, path, op, inputs, bodyInput, output) {
  let url = path;
  const query = new URLSearchParams();
  for (const p of op.parameters || []) {
    const value = inputs[p.name].value;
    if (p.in === 'path') url = url.replace('{' + p.name + '}', encodeURIComponent(value));
    else if (value !== '') query.set(p.name, value);
  }
  if ([...query].length) url += '?' + query;
  const headers = {};
  const token = document.getElementById('token').value.trim();
  const key = document.getElementById('apikey').value.trim();
  const org = document.getElementById('org').value.trim();
  if (token) headers.authorization = 'Bearer ' + token;
  if (key) headers['x-api-key'] = key;
  if (org) headers['x-organization-id'] = org;
  const init = { method, headers };
  if (bodyInput) { headers['content-type'] = 'application/json'; init.body = bodyInput.value; }
  output.textContent = method + ' ' + url + ' …';
  try {
    const res = await fetch(url, init);
    const text = await res.text();
    let shown = text;
    try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch { /* not JSON */ }
    output.textContent = res.status + ' ' + res.statusText + '\\n\\n' + shown;
    if (path === '/api/auth/login' && res.ok) {
      const token = JSON.parse(text).access_token;
      document.getElementById('token').value = token;
      sessionStorage.setItem('mcpshield.token', token);
    }
  } catch (err) {
    output.textContent = 'request failed: ' + err.message;
  }
}
function operation(method, path, op) {
  const inputs = {};
  const form = el('div', { class: 'form' });
  for (const p of op.parameters || []) {
    inputs[p.name] = el('input', { id: op.operationId + '-' + p.name, placeholder: p.in + (p.required ? ', required' : '') });
    form.append(el('label', { for: inputs[p.name].id, text: p.name }), inputs[p.name]);
  }
  const bodySchema = op.requestBody && op.requestBody.content['application/json'].schema;
  let bodyInput = null;
  if (bodySchema) {
    bodyInput = el('textarea', { rows: '6', id: op.operationId + '-body' });
    bodyInput.value = JSON.stringify(example(bodySchema), null, 2);
    form.append(el('label', { for: bodyInput.id, text: 'JSON body' }), bodyInput);
  }
  const output = el('pre', { class: 'response', text: 'No request sent yet.' });
  const button = el('button', { type: 'button', text: 'Send' });
  button.addEventListener('click', () => send(method.toUpperCase(), path, op, inputs, bodyInput, output));
  const auth = (op.security || []).map((s) => Object.keys(s)[0]).join(', ') || 'none';
  const responses = Object.entries(op.responses || {}).map(([s, r]) => s + ': ' + r.description).join('; ');
  return el('details', { 'data-operation': method.toUpperCase() + ' ' + path },
    el('summary', {}, el('span', { class: 'method ' + method.toUpperCase(), text: method.toUpperCase() }), path + ' — ' + op.summary),
    el('p', { class: 'muted', text: 'Auth: ' + auth + (op.description ? '. ' + op.description : '') + ' Responses: ' + responses }),
    bodySchema ? el('pre', { text: 'Body schema: ' + JSON.stringify(bodySchema, null, 2) }) : '',
    form, button, output);
}
fetch('/api/openapi.json').then((r) => r.json()).then((doc) => {
  document.getElementById('description').textContent = doc.info.description;
  const byTag = new Map();
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      const tag = (op.tags && op.tags[0]) || 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(operation(method, path, op));
    }
  const main = document.getElementById('operations');
  for (const [tag, nodes] of byTag) main.append(el('h2', { text: tag }), ...nodes);
  document.body.dataset.ready = 'true';
}).catch((err) => {
  document.getElementById('description').textContent = 'Could not load the API description: ' + err.message;
});
</script>
</body>
</html>
`;
}
