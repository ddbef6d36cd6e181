import { describe, expect, it } from 'vitest';
import { escapeForSlack, slackToWhatsApp } from './slack-markup.js';

describe('slackToWhatsApp', () => {
  it('turns links, mentions and escapes into plain text and keeps shared formatting', () => {
    expect(slackToWhatsApp('See <https://pandas.pydata.org/docs|the docs> or <https://x.org>')).toBe(
      'See the docs (https://pandas.pydata.org/docs) or https://x.org',
    );
    expect(slackToWhatsApp('<@U123> and <@U456|maria>: use `a &lt; b &amp;&amp; c &gt; d`')).toBe(
      '@mentor and @maria: use `a < b && c > d`',
    );
    expect(slackToWhatsApp('*bold* _italic_ ~strike~\n```\ncode\n```')).toBe(
      '*bold* _italic_ ~strike~\n```\ncode\n```',
    );
    expect(slackToWhatsApp('<!here> mail <mailto:ops@school.org|ops@school.org>')).toBe('@here mail ops@school.org');
  });
});

describe('escapeForSlack', () => {
  it('keeps a learner from pinging the channel or forging links', () => {
    expect(escapeForSlack('<!channel> <@U1> a & b')).toBe('&lt;!channel&gt; &lt;@U1&gt; a &amp; b');
  });
});
