import { ConfigError, loadEnv } from '@datadrill/core';
import { describe, expect, it } from 'vitest';
import { workerEnvSchema } from './env.js';

const valid = {
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'a-token-of-sixteen-chars',
  TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
};

describe('worker configuration', () => {
  it('fills in the documented defaults', () => {
    const env = loadEnv(workerEnvSchema, valid);
    expect(env).toMatchObject({
      DAILY_CHALLENGE_LIMIT: 5,
      WORKER_CONCURRENCY: 20,
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATABASE_URL: 'mysql://root@127.0.0.1:3306/datadrill',
      LOG_LEVEL: 'info',
    });
  });

  it('names every bad or missing variable in one error', () => {
    let message = '';
    try {
      loadEnv(workerEnvSchema, { TWILIO_AUTH_TOKEN: 'short', DAILY_CHALLENGE_LIMIT: 'five', REDIS_URL: 'http://x' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    const named = [
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN',
      'TWILIO_WHATSAPP_FROM',
      'DAILY_CHALLENGE_LIMIT',
      'REDIS_URL',
    ];
    expect(named.filter((name) => !message.includes(name))).toEqual([]);
  });

  it('treats an empty variable as unset', () => {
    expect(loadEnv(workerEnvSchema, { ...valid, DAILY_CHALLENGE_LIMIT: '' }).DAILY_CHALLENGE_LIMIT).toBe(5);
  });
});
