import { seedDemoDocuments } from '@edms/domain';
import { z } from 'zod';
import { defineRoute, type ApiResource } from '../../http/route';

/** One request seeds at most this many documents, so it stays a request and not a batch job; call again for more. */
export const MAX_DEMO_DOCUMENTS_PER_REQUEST = 2_000;

export const SeedDemoBody = z.strictObject({
  documents: z.number().int().min(1).max(MAX_DEMO_DOCUMENTS_PER_REQUEST),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional().describe('Same seed, same content (default 42).'),
});

export const demoResource: ApiResource = {
  basePath: '/demo',
  description: 'Demonstration data, as `edms demo seed` creates it.',
  routes: [
    defineRoute({
      method: 'post',
      path: '/seed',
      summary: 'Create realistic demonstration documents (and their demo owners)',
      // Seeding also creates the demo owners, so the domain asks for both manageDocuments and manageUsers.
      access: 'manageUsers',
      body: SeedDemoBody,
      status: 201,
      response: { description: '`{ documents, versions, bytes, owners }`' },
      handle: ({ deps, auth, body }) => seedDemoDocuments(deps.services.ctx, auth.actor, body),
    }),
  ],
};
