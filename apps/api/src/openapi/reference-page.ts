import { createHash } from 'node:crypto';
import type { OpenApiDocument, OpenApiOperation } from './openapi-document';

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 2rem;color:#1b1f24}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ccd;padding-bottom:.2rem}
details{border:1px solid #dde;border-radius:6px;margin:.4rem 0;padding:.3rem .7rem}
summary{cursor:pointer}code,pre{font:13px ui-monospace,monospace}pre{background:#f4f5f7;padding:.6rem;overflow:auto;border-radius:4px}
.m{display:inline-block;min-width:4.2rem;font-weight:700;text-transform:uppercase}.get{color:#0a6}.post{color:#06c}.patch{color:#a60}.delete{color:#c22}
.a{color:#667;font-size:.85em;margin-left:.6rem}table{border-collapse:collapse}td,th{border:1px solid #dde;padding:.2rem .5rem;text-align:left;vertical-align:top}
`;

/** The page carries no script; its one inline style is allowed by hash, everything else stays forbidden. */
export const REFERENCE_PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function pretty(value: unknown): string {
  return escapeHtml(JSON.stringify(value, null, 2));
}

function renderOperation(method: string, path: string, op: OpenApiOperation): string {
  const params = op.parameters ?? [];
  const rows = params
    .map((p) => `<tr><td><code>${escapeHtml(String(p['name']))}</code></td><td>${escapeHtml(String(p['in']))}${p['required'] ? ', required' : ''}</td><td><code>${pretty(p['schema'])}</code></td><td>${escapeHtml(String(p['description'] ?? ''))}</td></tr>`)
    .join('');
  const body = op.requestBody ? `<p><b>Request body</b></p><pre>${pretty(op.requestBody)}</pre>` : '';
  const responses = Object.entries(op.responses)
    .map(([status, r]) => `<tr><td>${escapeHtml(status)}</td><td>${escapeHtml(String((r as { description?: string }).description ?? ''))}</td></tr>`)
    .join('');
  return `<details id="${escapeHtml(op.operationId)}"><summary><span class="m ${method}">${method}</span><code>${escapeHtml(path)}</code> — ${escapeHtml(op.summary)}<span class="a">${escapeHtml(op['x-edms-access'])}</span></summary>
<p>${escapeHtml(op.description).replace(/\n\n/g, '</p><p>')}</p>
${rows ? `<table><tr><th>Parameter</th><th>In</th><th>Schema</th><th>About</th></tr>${rows}</table>` : ''}
${body}<p><b>Responses</b></p><table>${responses}</table></details>`;
}

/** A self-contained, script-free HTML rendering of the OpenAPI document: every operation grouped by tag. */
export function renderReferencePage(document: OpenApiDocument): string {
  const sections = document.tags
    .map((tag) => {
      const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([, op]) => op.tags.includes(tag.name))
          .map(([method, op]) => renderOperation(method, path, op)),
      );
      return `<h2 id="tag-${escapeHtml(tag.name)}">${escapeHtml(tag.name)}</h2><p>${escapeHtml(tag.description)}</p>${operations.join('\n')}`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} — reference</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description)}</p>
<p>Base URL <code>${escapeHtml(document.servers[0]?.url ?? '')}</code>. Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}).</p>
${sections}
</body></html>`;
}
