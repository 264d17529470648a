import { newWorkerId, parseWorkerId } from './worker-id';

describe('worker ids', () => {
  it('round-trips role, host and pid', () => {
    const id = newWorkerId('worker', { hostname: 'edms-worker-2', pid: 4711 }, '1a2b3c4d');
    expect(id).toBe('worker:edms-worker-2:4711:1a2b3c4d');
    expect(parseWorkerId(id)).toEqual({ role: 'worker', hostname: 'edms-worker-2', pid: 4711 });
    expect(parseWorkerId(newWorkerId('api', { hostname: 'h.example.org', pid: 1 }))).toEqual({ role: 'api', hostname: 'h.example.org', pid: 1 });
  });

  it.each([null, undefined, '', 'test-worker', 'restore-1a2b3c4d', 'worker:host:0:tag', 'worker:host:-1:tag', 'worker:host:12x:tag', 'worker::12:tag', 'Worker:host:12:tag', 'worker:host:12:tag:extra', 'worker:host:99999999999999999999:tag'])(
    'reads %p as no identity',
    (id) => {
      expect(parseWorkerId(id)).toBeNull();
    },
  );
});
