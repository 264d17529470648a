import Link from 'next/link';
import { describeErrorCode } from '@/lib/error-messages';
import { ErrorNotice } from './error-notice';

/** Shown instead of a page the user's role does not allow; the server refuses the actions behind it anyway. */
export function ForbiddenNotice({ title }: { title: string }) {
  return (
    <>
      <div className="page-header">
        <h1>{title}</h1>
      </div>
      <ErrorNotice error={describeErrorCode('FORBIDDEN')} live={false} />
      <p>
        <Link href="/">Back to the overview</Link>
      </p>
    </>
  );
}
