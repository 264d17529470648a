import { describeErrorCode } from '@/lib/error-messages';
import { getTask } from '@/server/background-tasks';
import { json, routeUser } from '@/server/route-responses';

/** `GET /api/tasks/<id>`: progress and outcome of a background task, for the user who started it. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const user = await routeUser();
  if (user instanceof Response) return user;
  const task = getTask((await params).id, user.actor.userId);
  if (!task) return json({ error: describeErrorCode('TASK_NOT_FOUND') }, 404);
  return json(task);
}
