import { describeErrorCode } from '@/lib/error-messages';
import { describeStoredError } from '@/lib/stored-error';
import { applyAttempt, findRestore } from '@/server/restores';
import { errorResponse, json, routeUser } from '@/server/route-responses';

/** `GET /api/restores/<id>`: status, progress and step log of a restore, polled while it runs. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const user = await routeUser();
  if (user instanceof Response) return user;
  try {
    const details = await findRestore((await params).id);
    if (!details) return json({ error: describeErrorCode('RESTORE_NOT_FOUND') }, 404);
    const { restore } = details;
    return json({
      id: restore.id,
      status: restore.status,
      dryRun: restore.dryRun,
      progress: restore.progress,
      progressMessage: restore.progressMessage,
      steps: restore.steps,
      safetyBackupJobId: restore.safetyBackupJobId,
      error: describeStoredError(restore.error),
      applying: applyAttempt(restore.id)?.state ?? null,
    });
  } catch (error) {
    return errorResponse(error);
  }
}
