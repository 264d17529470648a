import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ErrorNotice } from '@/components/error-notice';
import { ForbiddenNotice } from '@/components/forbidden-notice';
import { decodeSegment } from '@/lib/navigation';
import { can } from '@/server/authorization';
import { findConfiguration } from '@/server/configurations';
import { load } from '@/server/load';
import { requireUser } from '@/server/session';
import { ConfigurationForm } from '../../configuration-form';

type Params = Promise<{ name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Edit ${decodeSegment((await params).name)}` };
}

export default async function EditConfigurationPage({ params }: { params: Params }) {
  const name = decodeSegment((await params).name);
  const { actor } = await requireUser();
  if (!can(actor, 'manageConfigurations')) return <ForbiddenNotice title={`Edit ${name}`} />;
  const result = await load(() => findConfiguration(name));
  if (result.ok && result.data === null) notFound();

  return (
    <>
      <p className="breadcrumb">
        <Link href="/configurations">← All configurations</Link>
      </p>
      <div className="page-header">
        <h1>
          Edit <span className="mono">{name}</span>
        </h1>
      </div>
      {!result.ok ? (
        <ErrorNotice error={result.error} live={false} />
      ) : result.data ? (
        <ConfigurationForm
          originalName={result.data.name}
          defaults={{
            name: result.data.name,
            description: result.data.description,
            backupType: result.data.backupType,
            frequency: result.data.frequency,
            scheduleTime: result.data.scheduleTime,
            dayOfWeek: result.data.dayOfWeek === null ? '0' : String(result.data.dayOfWeek),
            dayOfMonth: result.data.dayOfMonth === null ? '1' : String(result.data.dayOfMonth),
            storagePath: result.data.storagePath,
            keepLast: String(result.data.retention.keepLast),
            keepDaily: String(result.data.retention.keepDaily),
            keepWeekly: String(result.data.retention.keepWeekly),
            keepMonthly: String(result.data.retention.keepMonthly),
            compressionLevel: String(result.data.compressionLevel),
            encrypt: result.data.encrypt ? 'on' : '',
            isEnabled: result.data.isEnabled ? 'on' : '',
          }}
        />
      ) : null}
    </>
  );
}
