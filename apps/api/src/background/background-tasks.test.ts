import { BackgroundTasks } from './background-tasks';
import type { ApiLogger } from '../http/logger';

function capture(): { logger: ApiLogger; errors: Array<{ message: string; fields?: Record<string, unknown> }> } {
  const errors: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  return { logger: { info: () => undefined, error: (message, fields) => errors.push({ message, fields }) }, errors };
}

describe('BackgroundTasks', () => {
  it('settles with the outcome and never rejects, logging a failure with its fields', async () => {
    const { logger, errors } = capture();
    const tasks = new BackgroundTasks(logger);
    await expect(tasks.run('ok', {}, async () => 42)).resolves.toEqual({ ok: true, value: 42 });
    const failed = await tasks.run('restore', { restoreId: 'r1' }, async () => {
      throw new Error('disk on fire');
    });
    expect(failed.ok).toBe(false);
    expect(errors).toEqual([{ message: 'background restore failed', fields: expect.objectContaining({ restoreId: 'r1', error: expect.objectContaining({ message: 'disk on fire' }) }) }]);
  });

  it('on close, aborts the signal, waits for running work, and refuses new work with SHUTTING_DOWN', async () => {
    const tasks = new BackgroundTasks(capture().logger);
    let sawAbort = false;
    const running = tasks.run('backup', {}, (signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => {
      sawAbort = true;
      setTimeout(resolve, 20);
    })));
    expect(tasks.size).toBe(1);
    await tasks.close(5_000);
    expect(sawAbort).toBe(true);
    await expect(running).resolves.toEqual({ ok: true, value: undefined });
    expect(() => tasks.run('late', {}, async () => 1)).toThrow(expect.objectContaining({ code: 'SHUTTING_DOWN' }));
  });

  it('stops waiting after the grace period', async () => {
    const { logger, errors } = capture();
    const tasks = new BackgroundTasks(logger);
    void tasks.run('stuck', {}, () => new Promise(() => undefined));
    const started = Date.now();
    await tasks.close(50);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(errors[0]?.message).toBe('stopping with background work still running');
  });
});
