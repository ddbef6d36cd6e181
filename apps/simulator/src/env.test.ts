import { loadEnv } from '@datadrill/core';
import { describe, expect, it } from 'vitest';
import { simulatorEnvSchema } from './env.js';

const base = {
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'a-token-of-sixteen-chars',
  PUBLIC_URL: 'http://127.0.0.1:3000',
};

describe('simulator configuration', () => {
  it.each(['http://127.0.0.1:3001', 'http://localhost:3001', 'http://simulator:3001'])(
    'signs webhooks for its own fake Twilio at %s',
    (url) => {
      expect(loadEnv(simulatorEnvSchema, { ...base, TWILIO_API_URL: url }).TWILIO_API_URL).toBe(url);
    },
  );

  it.each(['https://api.twilio.com', 'https://twilio-proxy.school.org'])(
    'refuses to run (and sign anything) against %s',
    (url) => {
      expect(() => loadEnv(simulatorEnvSchema, { ...base, TWILIO_API_URL: url })).toThrow(
        /TWILIO_API_URL: the simulator signs webhooks/,
      );
    },
  );
});
