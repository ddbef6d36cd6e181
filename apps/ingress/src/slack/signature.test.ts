import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackRequest } from './signature.js';

// Slack's documented example (api.slack.com/authentication/verifying-requests-from-slack).
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

describe('verifySlackRequest', () => {
  const at = Number(TIMESTAMP) * 1000;

  it("accepts Slack's documented example", () => {
    expect(signSlackRequest(SECRET, TIMESTAMP, BODY)).toBe(SIGNATURE);
    expect(verifySlackRequest(SECRET, { timestamp: TIMESTAMP, signature: SIGNATURE }, BODY, at)).toBe('signed');
  });

  it('refuses a changed body, another secret, a missing header, or a timestamp over 5 minutes off', () => {
    const headers = { timestamp: TIMESTAMP, signature: SIGNATURE };
    expect(verifySlackRequest(SECRET, headers, `${BODY}x`, at)).toBe('unsigned');
    expect(verifySlackRequest('another-secret', headers, BODY, at)).toBe('unsigned');
    expect(verifySlackRequest(SECRET, { timestamp: TIMESTAMP, signature: undefined }, BODY, at)).toBe('unsigned');
    expect(verifySlackRequest(SECRET, headers, BODY, at + 301_000)).toBe('stale');
    expect(verifySlackRequest(SECRET, headers, BODY, at - 301_000)).toBe('stale');
    expect(verifySlackRequest(SECRET, headers, BODY, at + 299_000)).toBe('signed');
  });
});
