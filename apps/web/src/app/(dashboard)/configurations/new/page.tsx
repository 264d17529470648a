import type { Metadata } from 'next';
import Link from 'next/link';
import { ForbiddenNotice } from '@/components/forbidden-notice';
import { can } from '@/server/authorization';
import { requireUser } from '@/server/session';
import { ConfigurationForm } from '../configuration-form';

export const metadata: Metadata = { title: 'New configuration' };

export default async function NewConfigurationPage() {
  const { actor } = await requireUser();
  if (!can(actor, 'manageConfigurations')) return <ForbiddenNotice title="New configuration" />;
  return (
    <>
      <p className="breadcrumb">
        <Link href="/configurations">← All configurations</Link>
      </p>
      <div className="page-header">
        <h1>New backup configuration</h1>
      </div>
      <ConfigurationForm
        defaults={{
          name: '',
          description: '',
          backupType: 'FULL',
          frequency: 'DAILY',
          scheduleTime: '02:00',
          dayOfWeek: '0',
          dayOfMonth: '1',
          storagePath: '',
          keepLast: '7',
          keepDaily: '7',
          keepWeekly: '4',
          keepMonthly: '12',
          compressionLevel: '6',
          encrypt: '',
          isEnabled: 'on',
        }}
      />
    </>
  );
}
