import { createHash, randomBytes } from 'node:crypto';
import { addDocument, addDocumentVersion } from '../documents/add-document';
import { DOCUMENT_STATUSES, type DocumentStatus, type PublicUser } from '../model/entities';
import { assertCan, type Actor } from '../shared/actor';
import { DomainError } from '../shared/domain-error';
import type { ServiceContext } from '../shared/service-context';
import { createUser } from '../users/create-user';
import { toPublicUser } from '../users/user-rules';

/** How much demonstration data to create. */
export interface SeedDemoDocumentsOptions {
  documents: number;
  /** Seed for the deterministic generator; the same seed gives the same content. */
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedDemoDocumentsResult {
  documents: number;
  versions: number;
  bytes: number;
  owners: string[];
}

export const MAX_DEMO_DOCUMENTS = 100_000;

const PREFIXES = ['SOP', 'SPEC', 'WI', 'FORM', 'POL'] as const;
const SUBJECTS = [
  'Cleaning and Sanitation of Production Equipment',
  'Calibration of Analytical Balances',
  'Change Control Procedure',
  'Deviation Handling and CAPA',
  'Raw Material Receipt and Sampling',
  'Environmental Monitoring of Clean Rooms',
  'Batch Record Review and Release',
  'Document Control and Periodic Review',
  'Training Records Management',
  'Supplier Qualification',
  'Data Integrity and Audit Trail Review',
  'Stability Testing Program',
  'Complaint Handling',
  'Computer System Validation',
  'Pest Control Program',
];
const DEMO_OWNERS = [
  { username: 'qa.lead', displayName: 'Quality Assurance Lead', role: 'OPERATOR' as const },
  { username: 'doc.controller', displayName: 'Document Controller', role: 'OPERATOR' as const },
  { username: 'lab.manager', displayName: 'Laboratory Manager', role: 'VIEWER' as const },
];

/** Deterministic pseudo-random numbers (mulberry32): demo data is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

function textContent(rand: () => number, title: string, number: string, version: number): Uint8Array {
  const sections = ['Purpose', 'Scope', 'Responsibilities', 'Definitions', 'Procedure', 'Records', 'References'];
  const words = ['verify', 'record', 'equipment', 'operator', 'batch', 'sample', 'approve', 'review', 'deviation', 'quality', 'document', 'procedure', 'sanitize', 'calibrate', 'report', 'retain'];
  const lines = [`${number} — ${title}`, `Version ${version}`, ''];
  const target = 2_000 + Math.floor(rand() * 30_000);
  let size = 0;
  let s = 0;
  while (size < target) {
    const heading = `${(s % sections.length) + 1}. ${sections[s % sections.length]}`;
    lines.push(heading);
    for (let i = 0; i < 6; i += 1) {
      const sentence = Array.from({ length: 8 + Math.floor(rand() * 10) }, () => pick(rand, words)).join(' ');
      lines.push(`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`);
      size += sentence.length + 2;
    }
    lines.push('');
    s += 1;
  }
  return Buffer.from(lines.join('\n'), 'utf8');
}

/** Bytes that do not compress, like the scanned PDFs and images of a real EDMS. */
function binaryContent(rand: () => number): Uint8Array {
  const size = 16 * 1024 + Math.floor(rand() * 240 * 1024);
  const seed = Math.floor(rand() * 2 ** 31);
  const out = Buffer.alloc(size);
  let counter = 0;
  for (let offset = 0; offset < size; offset += 32) {
    createHash('sha256').update(`${seed}:${counter}`).digest().copy(out, offset);
    counter += 1;
  }
  return out;
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

/**
 * Creates realistic documents (numbers like SOP-0001, mixed statuses and owners)
 * with 1–3 versions each, half plain text and half incompressible binaries, so
 * backups have something real to protect.
 */
export async function seedDemoDocuments(
  ctx: ServiceContext,
  actor: Actor,
  options: SeedDemoDocumentsOptions,
): Promise<SeedDemoDocumentsResult> {
  // Demo seeding also creates the demo owners, so it needs user management rights.
  assertCan(actor, 'manageDocuments');
  assertCan(actor, 'manageUsers');
  if (!Number.isInteger(options.documents) || options.documents < 1 || options.documents > MAX_DEMO_DOCUMENTS) {
    throw new DomainError('DEMO_INVALID', `the number of documents must be a whole number from 1 to ${MAX_DEMO_DOCUMENTS}`);
  }
  const rand = prng(options.seed ?? 42);
  const owners = await ensureDemoOwners(ctx, actor);
  let versions = 0;
  let bytes = 0;
  for (let i = 0; i < options.documents; i += 1) {
    const prefix = pick(rand, PREFIXES);
    const title = `${pick(rand, SUBJECTS)}${rand() < 0.5 ? '' : ` — Site ${1 + Math.floor(rand() * 9)}`}`;
    const status: DocumentStatus = pick(rand, DOCUMENT_STATUSES);
    const owner = pick(rand, owners);
    const versionCount = 1 + Math.floor(rand() * 3);
    const isBinary = rand() < 0.5;
    const fileName = (v: number) => (isBinary ? `scan-v${v}.pdf` : `procedure-v${v}.txt`);
    const content = (n: string, v: number) => (isBinary ? binaryContent(rand) : textContent(rand, title, n, v));
    const first = content(`${prefix}-?`, 1);
    const created = await addDocument(ctx, actor, {
      prefix,
      title,
      status,
      ownerUsername: owner.username,
      fileName: fileName(1),
      content: once(first),
      note: 'Initial issue',
    });
    versions += 1;
    bytes += first.byteLength;
    for (let v = 2; v <= versionCount; v += 1) {
      const next = content(created.document.number, v);
      await addDocumentVersion(ctx, actor, {
        document: created.document.number,
        fileName: fileName(v),
        content: once(next),
        note: `Revision ${v}`,
      });
      versions += 1;
      bytes += next.byteLength;
    }
    options.onProgress?.(i + 1, options.documents);
  }
  return { documents: options.documents, versions, bytes, owners: owners.map((o) => o.username) };
}

async function ensureDemoOwners(ctx: ServiceContext, actor: Actor): Promise<PublicUser[]> {
  const owners: PublicUser[] = [];
  for (const spec of DEMO_OWNERS) {
    const existing = await ctx.repos.users.findByUsername(spec.username);
    if (existing) {
      owners.push(toPublicUser(existing));
      continue;
    }
    owners.push(
      await createUser(ctx, actor, {
        ...spec,
        email: `${spec.username}@example.com`,
        // Demo owners cannot log in until an admin sets a password they know.
        password: randomBytes(24).toString('base64url'),
      }),
    );
  }
  return owners;
}
