/**
 * A self-contained HTML page describing an OpenAPI document: every operation with its
 * method, path, summary, parameters and responses, and a link to the JSON. No scripts or
 * styles from elsewhere, so it works on an offline machine.
 */
export function openApiPage(title: string, doc: { paths?: object }): string {
  const esc = (s: unknown) =>
    String(s ?? '').replace(
      /[&<>"]/g,
      (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!,
    );
  const rows: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {}) as [
    string,
    Record<string, unknown>,
  ][]) {
    for (const [method, op] of Object.entries(item)) {
      const o = op as {
        summary?: string;
        parameters?: { name: string; in: string; required?: boolean }[];
        responses?: Record<string, { description?: string }>;
        requestBody?: { content?: Record<string, unknown> };
      };
      const params = (o.parameters ?? [])
        .map((p) => `<code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ', required' : ''})`)
        .join(', ');
      const body = Object.keys(o.requestBody?.content ?? {})
        .map((t) => `<code>${esc(t)}</code>`)
        .join(', ');
      const responses = Object.entries(o.responses ?? {})
        .map(([code, r]) => `${esc(code)} ${esc(r.description)}`)
        .join('<br>');
      rows.push(
        `<tr><td><strong>${esc(method.toUpperCase())}</strong></td><td><code>${esc(path)}</code></td><td>${esc(o.summary)}${params ? `<br>Parameters: ${params}` : ''}${body ? `<br>Body: ${body}` : ''}</td><td>${responses}</td></tr>`,
      );
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}code{font-size:90%}</style>
</head><body><main>
<h1>${esc(title)} API</h1>
<p>Interactive docs (Swagger UI, served by this service): <a href="docs/">docs/</a>. Machine-readable description: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1). Errors are <code>application/problem+json</code>.</p>
<table><thead><tr><th scope="col">Method</th><th scope="col">Path</th><th scope="col">What</th><th scope="col">Responses</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></main></body></html>`;
}
