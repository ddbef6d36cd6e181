import { loadEnv } from '@datadrill/core';
import { describe, expect, it } from 'vitest';
import { ingressEnvSchema } from './env.js';

const base = {
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'a-token-of-sixteen-chars',
  PUBLIC_URL: 'https://bot.example.org/',
};
const STRONG = 'q7Vd-2LmX9pR4tZw';

describe('ingress configuration', () => {
  it('is production when NODE_ENV is unset, and refuses to run there with an open dashboard', () => {
    expect(loadEnv(ingressEnvSchema, { ...base, DASHBOARD_PASSWORD: STRONG }).NODE_ENV).toBe('production');
    expect(() => loadEnv(ingressEnvSchema, base)).toThrow(/DASHBOARD_PASSWORD: required/);
  });

  it.each([
    ['short', 'Sh0rt-pass'],
    ['long but not random', 'aaaaaaaaaaaaaaaaaaaaaaaa'],
    ['a word repeated', 'changemechangeme'],
  ])('refuses a %s dashboard password outside development', (_, password) => {
    expect(() => loadEnv(ingressEnvSchema, { ...base, DASHBOARD_PASSWORD: password })).toThrow(
      /DASHBOARD_PASSWORD: must be a long random password/,
    );
  });

  it('allows an open dashboard on a developer machine only, asked for explicitly', () => {
    expect(loadEnv(ingressEnvSchema, { ...base, NODE_ENV: 'development' }).DASHBOARD_PASSWORD).toBeUndefined();
  });

  it('puts the dashboard on its own port and normalises the public URL Twilio signs against', () => {
    const env = loadEnv(ingressEnvSchema, { ...base, DASHBOARD_PASSWORD: STRONG });
    expect(env.PUBLIC_URL).toBe('https://bot.example.org');
    expect(env.PORT).toBe(3000);
    expect(env.DASHBOARD_PORT).toBe(3003);
  });
});
