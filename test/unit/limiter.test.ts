import { describe, expect, it } from 'vitest';
import { Limiter } from '../../src/data/limiter.js';

describe('Limiter', () => {
  it('runs up to the cap at once and queues the rest', async () => {
    const limiter = new Limiter(2, 1000);
    let active = 0;
    let peak = 0;
    const task = () =>
      limiter.run(async () => {
        peak = Math.max(peak, ++active);
        await new Promise((r) => setTimeout(r, 20));
        active--;
      });
    await Promise.all([task(), task(), task(), task(), task()]);
    expect(peak).toBe(2);
  });

  it('refuses with a retryable BUSY error when the queue wait runs out', async () => {
    const limiter = new Limiter(1, 30);
    const slow = limiter.run(() => new Promise((r) => setTimeout(r, 200)));
    await expect(limiter.run(async () => 'never')).rejects.toMatchObject({ code: 'BUSY', retryable: true, message: expect.stringMatching(/busy/) });
    await slow;
    await expect(limiter.run(async () => 'ok')).resolves.toBe('ok');
  });

  it('releases the slot when the work fails', async () => {
    const limiter = new Limiter(1, 50);
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'ok')).resolves.toBe('ok');
  });
});
