import type { Metadata } from 'next';
import { requireUser } from '@/server/session';
import { CheckRunner } from './check-runner';

export const metadata: Metadata = { title: 'Integrity check' };

export default async function IntegrityCheckPage() {
  await requireUser();
  return (
    <>
      <div className="page-header">
        <h1>Integrity check</h1>
      </div>
      <p>
        Reads every document file and compares its size and SHA-256 with the record, looks for files without a record,
        recomputes the audit chain and looks for stuck jobs and interrupted restores. It changes nothing; the result is
        recorded in the audit log.
      </p>
      <CheckRunner />
    </>
  );
}
