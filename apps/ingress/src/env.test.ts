import { loadEnv } from '@datadrill/core';
import { describe, expect, it } from 'vitest';
import { ingressEnvSchema } from './env.js';

const base = {
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'a-token-of-sixteen-chars',
  PUBLIC_URL: 'https://bot.example.org/',
};

describe('ingress configuration', () => {
  it('refuses to run outside development with an open dashboard', () => {
    expect(() => loadEnv(ingressEnvSchema, { ...base, NODE_ENV: 'production' })).toThrow(
      /DASHBOARD_PASSWORD: required/,
    );
  });

  it('allows an open dashboard on a developer machine only', () => {
    expect(loadEnv(ingressEnvSchema, { ...base, NODE_ENV: 'development' }).DASHBOARD_PASSWORD).toBeUndefined();
  });

  it('normalises the public URL Twilio signs against', () => {
    const env = loadEnv(ingressEnvSchema, { ...base, NODE_ENV: 'production', DASHBOARD_PASSWORD: 'long-enough' });
    expect(env.PUBLIC_URL).toBe('https://bot.example.org');
    expect(env.PORT).toBe(3000);
  });
});
