// The public surface of `@corridor/server/http`: what other packages use.
export { contentSecurityPolicy } from './csp.js';
export { problemsMarkdown } from './problems-doc.js';
export { webApp } from './web-app.js';
