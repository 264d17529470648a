import { describeStoredError } from '@/lib/stored-error';
import { findJob } from '@/server/backups';
import { describeErrorCode } from '@/lib/error-messages';
import { errorResponse, json, routeUser } from '@/server/route-responses';

/** `GET /api/jobs/<id>`: a backup job's live status, polled by the Jobs pages while it runs. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const user = await routeUser();
  if (user instanceof Response) return user;
  try {
    const job = await findJob((await params).id);
    if (!job) return json({ error: describeErrorCode('BACKUP_NOT_FOUND') }, 404);
    return json({
      id: job.id,
      jobName: job.jobName,
      status: job.status,
      progress: job.progress,
      progressMessage: job.progressMessage,
      sizeBytes: job.sizeBytes,
      startedAt: job.startedAt,
      completedAt: job.completedAt,
      error: describeStoredError(job.error),
    });
  } catch (error) {
    return errorResponse(error);
  }
}
