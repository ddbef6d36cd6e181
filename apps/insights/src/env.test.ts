import { loadEnv } from '@datadrill/core';
import { describe, expect, it } from 'vitest';
import { insightsEnvSchema } from './env.js';

const base = { NODE_ENV: 'production', INSIGHTS_PASSWORD: 'q7Vd-2LmX9pR4tZw' };
const trust = (value?: string) =>
  loadEnv(insightsEnvSchema, value === undefined ? base : { ...base, INSIGHTS_TRUST_PROXY: value })
    .INSIGHTS_TRUST_PROXY;

describe('school dashboard configuration', () => {
  it('believes no proxy by default: the connecting address is the client', () => {
    expect(trust()).toBe(false);
    expect(trust('')).toBe(false);
    expect(trust('false')).toBe(false);
  });

  it('takes the proxies’ addresses and subnets', () => {
    expect(trust('10.0.0.7, 192.168.0.0/16,::1,loopback')).toEqual(['10.0.0.7', '192.168.0.0/16', '::1', 'loopback']);
  });

  it('refuses true and hop counts (a client reaching the port directly could forge its address), and names', () => {
    expect(() => trust('true')).toThrow(/INSIGHTS_TRUST_PROXY: not true/);
    expect(() => trust('1')).toThrow(/INSIGHTS_TRUST_PROXY: not 1 /);
    expect(() => trust('proxy.school.org')).toThrow(/"proxy.school.org" is not an address/);
  });

  it('reads the primary when no replica is named, and requires the password outside development', () => {
    expect(loadEnv(insightsEnvSchema, base).INSIGHTS_DATABASE_URL).toBe('mysql://root@127.0.0.1:3306/datadrill');
    expect(() => loadEnv(insightsEnvSchema, { NODE_ENV: 'production' })).toThrow(/INSIGHTS_PASSWORD: required/);
  });

  it('reads INSIGHTS_DATABASE_URL, else the read replica, else the primary', () => {
    const replica = 'mysql://reader@replica:3306/datadrill';
    const own = 'mysql://insights@reports:3306/datadrill';
    const url = (env: Record<string, string>) => loadEnv(insightsEnvSchema, { ...base, ...env }).INSIGHTS_DATABASE_URL;
    expect(url({ DATABASE_REPLICA_URL: replica })).toBe(replica);
    expect(url({ DATABASE_REPLICA_URL: replica, INSIGHTS_DATABASE_URL: own })).toBe(own);
    expect(url({ DATABASE_URL: 'mysql://bot@primary:3306/datadrill' })).toBe('mysql://bot@primary:3306/datadrill');
  });
});
