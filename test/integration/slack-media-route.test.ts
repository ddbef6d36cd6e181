import { randomBytes } from 'node:crypto';
import { mediaLinkKey, signMediaLink } from '@datadrill/core';
import { FakeSlack } from '@datadrill/fake-slack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestIngress, type TestIngress, TWILIO } from '../support/ingress-app.js';

const BOT_TOKEN = 'xoxb-test-media-0123';
const KEY = mediaLinkKey(undefined, TWILIO.authToken);
const path = (fileId: string, expiresInMs = 60_000) => {
  const url = new URL(signMediaLink('https://bot.datadrill.test', fileId, KEY, new Date(Date.now() + expiresInMs)));
  return `${url.pathname}${url.search}`;
};

describe('GET /media/slack/:fileId', () => {
  let slack: FakeSlack;
  let ingress: TestIngress;
  let unconfigured: TestIngress;
  const png = randomBytes(3000);
  let pngId: string;
  let notebookId: string;
  beforeAll(async () => {
    slack = await new FakeSlack({ botToken: BOT_TOKEN, signingSecret: 'secret-0123456789', channels: ['C1'] }).start();
    pngId = slack.files.shared('U1', { name: 'plot.png', mimetype: 'image/png', bytes: png }, 'C1', '1.1').id;
    notebookId = slack.files.shared(
      'U1',
      { name: 'a.ipynb', mimetype: 'application/json', bytes: png },
      'C1',
      '1.1',
    ).id;
    ingress = await buildTestIngress('media-route', {
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: slack.apiUrl },
    });
    unconfigured = await buildTestIngress('media-route-off');
  });
  afterAll(async () => {
    await Promise.all([ingress?.close(), unconfigured?.close(), slack?.close()]);
  });

  it("streams a mentor's image from Slack, with its type, for a link the worker signed", async () => {
    const response = await ingress.app.inject({ method: 'GET', url: path(pngId) });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.rawPayload.equals(png)).toBe(true);
  });

  it('refuses an expired, tampered or unsigned link with 403, before asking Slack', async () => {
    const calls = slack.calls.length;
    expect((await ingress.app.inject({ method: 'GET', url: path(pngId, -1000) })).statusCode).toBe(403);
    const other = path(pngId).replace(pngId, 'F0OTHER0001');
    expect((await ingress.app.inject({ method: 'GET', url: other })).statusCode).toBe(403);
    expect((await ingress.app.inject({ method: 'GET', url: `/media/slack/${pngId}` })).statusCode).toBe(403);
    expect(slack.calls.length).toBe(calls);
  });

  it('serves only what WhatsApp shows, and nothing when Slack has no such file', async () => {
    expect((await ingress.app.inject({ method: 'GET', url: path(notebookId) })).statusCode).toBe(404);
    expect((await ingress.app.inject({ method: 'GET', url: path('F0GONE00001') })).statusCode).toBe(404);
  });

  it('answers 404 without the bot token', async () => {
    expect((await unconfigured.app.inject({ method: 'GET', url: path(pngId) })).statusCode).toBe(404);
  });
});
