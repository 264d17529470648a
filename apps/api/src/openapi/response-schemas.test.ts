import request from 'supertest';
import { runBackupNow, seedDemoDocuments, systemActor } from '@edms/domain';
import type { z } from 'zod';
import { createTestApi, type TestApi } from '../test-support/test-api';
import {
  ApiTokenSchema,
  AuditEventSchema,
  BackupJobSchema,
  ConfigurationSchema,
  DocumentSchema,
  DocumentVersionSchema,
  RestoreJobSchema,
  RestorePlanSchema,
  UserSchema,
} from './response-schemas';

let api: TestApi;
let auth: [string, string];

beforeAll(async () => {
  api = await createTestApi();
  await seedDemoDocuments(api.services.ctx, systemActor('test'), { documents: 2 });
  await runBackupNow(api.services.ctx, systemActor('test'), { configuration: 'daily-full' });
  auth = ['Authorization', `Bearer ${await api.createToken()}`];
});
afterAll(() => api.cleanup());

/** Valid for the schema, with exactly the schema's fields: a field the domain adds must be documented too. */
function expectDocumented(schema: z.ZodObject, value: unknown, what: string) {
  const parsed = schema.safeParse(value);
  expect([what, parsed.success ? 'valid' : parsed.error.issues]).toEqual([what, 'valid']);
  expect([what, Object.keys(value as object).sort()]).toEqual([what, Object.keys(schema.shape).sort()]);
}

describe('response schemas in the OpenAPI document', () => {
  it('describe the entities the routes really answer with', async () => {
    const get = async (path: string) => (await request(api.app).get(`/api/v1${path}`).set(...auth)).body;
    expectDocumented(BackupJobSchema, (await get('/backups')).items[0], 'BackupJob');
    expectDocumented(ConfigurationSchema, (await get('/configurations')).items[0], 'BackupConfiguration');
    const documents = await get('/documents');
    expectDocumented(DocumentSchema, documents.items[0], 'Document');
    expectDocumented(DocumentVersionSchema, (await get(`/documents/${documents.items[0].number}`)).versions[0], 'DocumentVersion');
    expectDocumented(UserSchema, (await get('/users')).items[0], 'User');
    expectDocumented(ApiTokenSchema, (await get('/tokens')).items[0], 'ApiToken');
    expectDocumented(AuditEventSchema, (await get('/audit')).items[0], 'AuditEvent');

    const job = (await get('/backups')).items[0];
    const prepared = await request(api.app).post('/api/v1/restores').set(...auth).send({ backupJobId: job.id, dryRun: true });
    expectDocumented(RestoreJobSchema, prepared.body.restore, 'RestoreJob');
    expectDocumented(RestorePlanSchema, prepared.body.plan, 'RestorePlan');
  });
});
