import { defineRoute, type ApiResource } from '../../http/route';
import { createOpenApiDocument, type OpenApiDocument } from '../../openapi/openapi-document';
import { REFERENCE_PAGE_CSP, renderReferencePage } from '../../openapi/reference-page';

/**
 * `/openapi.json` and `/docs`, generated from the route declarations of
 * `resources()` — the same list the app mounts — so they cannot drift apart.
 * Public: the document describes the API, not its data.
 */
export function createReferenceResource(resources: () => readonly ApiResource[]): ApiResource {
  const cache = new Map<string, OpenApiDocument>();
  const documentFor = (version: string) => {
    let document = cache.get(version);
    if (!document) {
      document = createOpenApiDocument(resources(), version);
      cache.set(version, document);
    }
    return document;
  };
  return {
    basePath: '',
    description: 'This API described: the OpenAPI 3.1 document and a browsable reference.',
    routes: [
      defineRoute({
        method: 'get',
        path: '/openapi.json',
        summary: 'The OpenAPI 3.1 document of this API',
        access: 'public',
        response: { description: 'The OpenAPI document.' },
        handle: ({ deps }) => documentFor(deps.version),
      }),
      defineRoute({
        method: 'get',
        path: '/docs',
        summary: 'A browsable reference of every operation (HTML, no scripts)',
        access: 'public',
        response: { description: 'The reference page.', contentType: 'text/html' },
        handle({ deps, res }) {
          res.setHeader('Content-Security-Policy', REFERENCE_PAGE_CSP);
          res.type('html').send(renderReferencePage(documentFor(deps.version)));
        },
      }),
    ],
  };
}
