import 'server-only';
import { randomUUID } from 'node:crypto';
import { describeError, errorCodeOf, isKnownErrorCode, type HumanError } from '@/lib/error-messages';

/**
 * Long operations (a backup started with "Run now", a restore being applied, a
 * reset, a package verification, a restore being validated) run here, in the
 * web server process, after the request that started them has answered. The
 * page then polls `/api/tasks/<id>` (and the job or restore record, which the
 * domain keeps up to date) for progress.
 *
 * The domain records every outcome that matters — job and restore status,
 * errors, audit events — in the database, so a task here is only a
 * convenience view for the browser that started it: it lives in memory, is
 * visible only to the user who started it, and is forgotten an hour after it
 * ends (or when the server restarts; the database still has the outcome).
 */

export type TaskKind = 'backup' | 'verify' | 'restore-prepare' | 'restore-apply' | 'reset';

export interface TaskProgress {
  /** 0..1 */
  fraction: number;
  message: string;
  /** The pipeline step, for restores. */
  step?: string;
}

export interface TaskView {
  id: string;
  kind: TaskKind;
  label: string;
  state: 'running' | 'succeeded' | 'failed';
  progress: TaskProgress;
  /** JSON-safe result of a task that succeeded. */
  result: Record<string, unknown> | null;
  /** The failure in words (never internals). */
  error: HumanError | null;
  startedAt: string;
  finishedAt: string | null;
}

interface Task extends TaskView {
  ownerId: string | null;
  subject: string | null;
  settled: Promise<TaskView>;
}

const TASKS_KEY = Symbol.for('edms.web.tasks');
const KEEP_FINISHED_MS = 60 * 60 * 1000;

type TaskHolder = typeof globalThis & { [TASKS_KEY]?: Map<string, Task> };

// On globalThis, like the services: every route bundle of the process sees the same tasks.
function registry(): Map<string, Task> {
  const holder = globalThis as TaskHolder;
  holder[TASKS_KEY] ??= new Map();
  return holder[TASKS_KEY];
}

function forgetOldTasks(now: number): void {
  for (const [id, task] of registry()) {
    if (task.finishedAt && now - Date.parse(task.finishedAt) > KEEP_FINISHED_MS) registry().delete(id);
  }
}

function view(task: Task): TaskView {
  const { ownerId: _owner, subject: _subject, settled: _settled, ...rest } = task;
  return { ...rest, progress: { ...rest.progress } };
}

export interface StartTaskOptions {
  kind: TaskKind;
  label: string;
  /** The user who may follow the task. */
  ownerId: string | null;
  /** What the task works on (`restore:<id>`), so a page can find a task it did not start itself. */
  subject?: string;
  run: (report: (progress: TaskProgress) => void) => Promise<Record<string, unknown>>;
  /** Runs after a failure (cleanup such as removing an upload); its own errors are logged. */
  onFailure?: (error: unknown) => Promise<void>;
}

/** Starts the work now and returns at once; `settled` resolves (never rejects) when it ends. */
export function startTask(options: StartTaskOptions): { id: string; settled: Promise<TaskView> } {
  forgetOldTasks(Date.now());
  const id = randomUUID();
  const task = {
    id,
    kind: options.kind,
    label: options.label,
    state: 'running',
    progress: { fraction: 0, message: 'starting' },
    result: null,
    error: null,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    ownerId: options.ownerId,
    subject: options.subject ?? null,
  } as Omit<Task, 'settled'> as Task;
  registry().set(id, task);
  const report = (progress: TaskProgress) => {
    if (task.state === 'running') task.progress = { ...progress, fraction: Math.min(1, Math.max(0, progress.fraction)) };
  };
  task.settled = (async (): Promise<TaskView> => {
    // Yield first, so the request that started the task is not held up by synchronous work.
    await Promise.resolve();
    try {
      task.result = await options.run(report);
      task.state = 'succeeded';
      task.progress = { ...task.progress, fraction: 1, message: 'done' };
    } catch (error) {
      if (!isKnownErrorCode(errorCodeOf(error))) console.error(`[web] background task ${options.kind} failed unexpectedly`, error);
      task.state = 'failed';
      task.error = describeError(error);
      if (options.onFailure) {
        await options.onFailure(error).catch((cleanupError: unknown) => console.error('[web] cleanup after a failed task failed', cleanupError));
      }
    } finally {
      task.finishedAt = new Date().toISOString();
    }
    return view(task);
  })();
  return { id, settled: task.settled };
}

/** The task as its owner sees it; null for unknown ids and for other users. */
export function getTask(id: string, ownerId: string | null): TaskView | null {
  const task = registry().get(id);
  if (!task || task.ownerId !== ownerId) return null;
  return view(task);
}

/** Waits for the task to end, but no longer than `ms`; null when it is still running. */
export async function settledWithin(settled: Promise<TaskView>, ms: number): Promise<TaskView | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The newest task working on a subject (any owner), e.g. whether a restore is being applied right now. */
export function findTaskBySubject(subject: string): TaskView | null {
  let found: Task | null = null;
  for (const task of registry().values()) {
    if (task.subject === subject && (!found || task.startedAt > found.startedAt)) found = task;
  }
  return found ? view(found) : null;
}
