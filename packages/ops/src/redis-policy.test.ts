import { describe, expect, it } from 'vitest';
import { verifyRedisPolicy } from './redis-policy.js';

const redisWith = (policy: string) => ({
  info: async () => `# Memory\r\nused_memory:1000\r\nmaxmemory_policy:${policy}\r\n`,
});

describe('verifyRedisPolicy', () => {
  it('accepts noeviction everywhere', async () => {
    const warnings: string[] = [];
    await verifyRedisPolicy(redisWith('noeviction') as never, 'production', { warn: (_, m) => warnings.push(m) });
    expect(warnings).toEqual([]);
  });

  it('refuses an evicting Redis in production', async () => {
    await expect(
      verifyRedisPolicy(redisWith('allkeys-lru') as never, 'production', { warn: () => {} }),
    ).rejects.toThrow(/"allkeys-lru".*noeviction/);
  });

  it('only warns in development', async () => {
    const warnings: string[] = [];
    await verifyRedisPolicy(redisWith('volatile-lru') as never, 'development', { warn: (_, m) => warnings.push(m) });
    expect(warnings).toEqual([expect.stringMatching(/volatile-lru/)]);
  });
});
