import type { ApiResource } from '../http/route';
import { auditResource } from './audit/audit.router';
import { authResource } from './auth/auth.router';
import { backupsResource } from './backups/backups.router';
import { configurationsResource } from './configurations/configurations.router';
import { demoResource } from './demo/demo.router';
import { documentsResource } from './documents/documents.router';
import { healthResource } from './health/health.router';
import { packagesResource } from './packages/packages.router';
import { createReferenceResource } from './reference/reference.router';
import { restoresResource } from './restores/restores.router';
import { systemResource } from './system/system.router';
import { tokensResource } from './tokens/tokens.router';
import { usersResource } from './users/users.router';

export const API_PREFIX = '/api/v1';

/** Every resource the API mounts, in order; add new resources here. The OpenAPI document is generated from this list. */
export const API_RESOURCES: readonly ApiResource[] = [
  healthResource,
  authResource,
  configurationsResource,
  backupsResource,
  packagesResource,
  restoresResource,
  systemResource,
  auditResource,
  documentsResource,
  usersResource,
  tokensResource,
  demoResource,
  createReferenceResource(() => API_RESOURCES),
];
