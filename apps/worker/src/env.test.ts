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

  it('reads a Redis Cluster as its seed nodes', () => {
    const env = loadEnv(workerEnvSchema, { ...valid, REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-b:7001,[::1]:7002' });
    expect(env.REDIS_CLUSTER_NODES).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
    expect(loadEnv(workerEnvSchema, valid).REDIS_CLUSTER_NODES).toEqual([]);
    expect(() => loadEnv(workerEnvSchema, { ...valid, REDIS_CLUSTER_NODES: '10.0.0.1' })).toThrow(
      /REDIS_CLUSTER_NODES/,
    );
  });

  it('reads several senders with their MPS, and a Messaging Service SID', () => {
    const env = loadEnv(workerEnvSchema, {
      ...valid,
      TWILIO_WHATSAPP_SENDERS: 'whatsapp:+27600000001=20, whatsapp:+447700900002',
      TWILIO_MESSAGING_SERVICE_SID: `MG${'a'.repeat(32)}`,
    });
    expect(env.TWILIO_WHATSAPP_SENDERS).toEqual({ 'whatsapp:+27600000001': 20, 'whatsapp:+447700900002': undefined });
    expect(loadEnv(workerEnvSchema, valid).TWILIO_WHATSAPP_SENDERS).toEqual({});
    expect(() => loadEnv(workerEnvSchema, { ...valid, TWILIO_WHATSAPP_SENDERS: '+27600000001' })).toThrow(
      /TWILIO_WHATSAPP_SENDERS/,
    );
    expect(() => loadEnv(workerEnvSchema, { ...valid, TWILIO_MESSAGING_SERVICE_SID: 'MG1' })).toThrow(
      /TWILIO_MESSAGING_SERVICE_SID/,
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadEnv(workerEnvSchema, { ...valid, DAILY_CHALLENGE_LIMIT: '' }).DAILY_CHALLENGE_LIMIT).toBe(5);
  });
});
