import { randomUUID } from 'node:crypto';

/**
 * Who runs a job: `<role>:<hostname>:<pid>:<tag>`, e.g.
 * `worker:edms-worker-2:4711:1a2b3c4d`. The host and process let the job
 * monitor on the same host tell at once that a job's process is gone (killed,
 * crashed) instead of waiting for its heartbeat to go stale; jobs of other
 * hosts are judged by their heartbeat only. Host names must be unique per
 * machine or container (the maintenance lock relies on the same).
 */
export interface WorkerIdentity {
  role: string;
  hostname: string;
  pid: number;
}

const WORKER_ID = /^([a-z][a-z0-9-]*):([^:\s]+):(\d+):([^:\s]+)$/;

export function newWorkerId(role: string, host: { hostname: string; pid: number }, tag: string = randomUUID().slice(0, 8)): string {
  return `${role}:${host.hostname}:${host.pid}:${tag}`;
}

/** The parts of a worker id made by newWorkerId; null for any other id (older rows, tests). */
export function parseWorkerId(workerId: string | null | undefined): WorkerIdentity | null {
  const match = WORKER_ID.exec(workerId ?? '');
  if (!match) return null;
  const pid = Number(match[3]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  return { role: match[1] as string, hostname: match[2] as string, pid };
}
