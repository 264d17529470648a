import type { ApiResource } from '../http/route';
import { authResource } from './auth/auth.router';
import { configurationsResource } from './configurations/configurations.router';
import { documentsResource } from './documents/documents.router';
import { healthResource } from './health/health.router';

export const API_PREFIX = '/api/v1';

/** Every resource the API mounts, in order; add new resources here. */
export const API_RESOURCES: readonly ApiResource[] = [healthResource, authResource, configurationsResource, documentsResource];
