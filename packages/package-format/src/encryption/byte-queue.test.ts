import { ByteQueue } from './byte-queue';

function queueOf(...parts: string[]): ByteQueue {
  const queue = new ByteQueue();
  for (const part of parts) queue.append(Buffer.from(part));
  return queue;
}

describe('ByteQueue', () => {
  it('reads exact byte counts across chunk boundaries, in order', () => {
    const queue = queueOf('abc', '', 'defg', 'h');

    expect(queue.length).toBe(8);
    expect(queue.read(2).toString()).toBe('ab');
    expect(queue.read(4).toString()).toBe('cdef');
    expect(queue.read(2).toString()).toBe('gh');
    expect(queue.length).toBe(0);
  });

  it('peeks without consuming', () => {
    const queue = queueOf('ab', 'cd');

    expect(queue.peek(3).toString()).toBe('abc');
    expect(queue.length).toBe(4);
    expect(queue.read(4).toString()).toBe('abcd');
  });

  it('returns a zero-copy view when the bytes lie in one chunk', () => {
    const chunk = Buffer.from('abcdef');
    const queue = new ByteQueue();
    queue.append(chunk);
    queue.read(1);

    expect(queue.read(3).buffer).toBe(chunk.buffer);
  });

  it('refuses to read more than it holds', () => {
    expect(() => queueOf('ab').read(3)).toThrow(RangeError);
  });

  it('handles very many tiny chunks', () => {
    const queue = new ByteQueue();
    for (let i = 0; i < 200_000; i += 1) queue.append(Buffer.from([i & 0xff]));
    let total = 0;
    while (queue.length > 0) total += queue.read(Math.min(queue.length, 7)).length;

    expect(total).toBe(200_000);
  });
});
