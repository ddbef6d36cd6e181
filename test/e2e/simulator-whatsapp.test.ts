import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_SID, AUTH_TOKEN, BOT_NUMBER } from '../support/bot-stack.js';
import { type SimulatorStack, startSimulatorStack } from '../support/simulator-stack.js';

const WAIT = { timeout: 20_000 };

/** A learner's own chat column on the page, and a way to say something in it. */
async function chatAs(page: Page, number: string) {
  await page.getByLabel('phone number to add').fill(number);
  await page.getByRole('button', { name: 'Add number' }).click();
  const chat = page.locator(`section.chat[data-number="${number}"]`);
  const bots = chat.locator('.bubble.bot');
  return {
    chat,
    bots,
    /** Sends `text` and waits for the bot's next bubble, which should match `expected`. */
    async say(text: string, expected: RegExp): Promise<Locator> {
      const before = await bots.count();
      await chat.getByLabel('message').fill(text);
      await chat.getByLabel('message').press('Enter');
      await expect.poll(() => bots.nth(before).textContent(), WAIT).toMatch(expected);
      return bots.nth(before);
    },
  };
}

/**
 * The share of a glyph's pixels, as Chromium drew them in `scope`, that are clearly coloured: a
 * colour emoji font gives yellows and reds; a missing one gives a grey outline or an empty box.
 */
async function colourOf(page: Page, scope: Locator, glyph: string): Promise<number> {
  // Page functions run in Chromium; their node arguments are the page's own (the tests have no DOM types).
  const box = await scope.evaluate((node, wanted) => {
    const walker = node.ownerDocument.createTreeWalker(node, 4 /* NodeFilter.SHOW_TEXT */);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const at = String(text.textContent).indexOf(wanted);
      if (at === -1) continue;
      const range = node.ownerDocument.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + wanted.length);
      // The chat's log scrolls: bring the glyph's line into view before measuring where it is drawn.
      const log = node.closest('.messages');
      log.scrollTop += range.getBoundingClientRect().top - log.getBoundingClientRect().top - 20;
      const { x, y, width, height } = range.getBoundingClientRect();
      return { x, y, width, height };
    }
    return undefined;
  }, glyph);
  if (!box) throw new Error(`${glyph} is not in that bubble`);
  const png = await page.screenshot({ clip: box });
  return page.locator('body').evaluate(async (body, base64) => {
    const view = body.ownerDocument.defaultView;
    const bitmap = await view.createImageBitmap(await (await view.fetch(`data:image/png;base64,${base64}`)).blob());
    const context = new view.OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 80) coloured++;
    }
    return coloured / (data.length / 4);
  }, png.toString('base64'));
}

/** Sends a WhatsApp message through the fake Twilio's Messages API, exactly as the bot's client does. */
async function sendAsBot(stack: SimulatorStack, to: string, body: string): Promise<void> {
  const response = await fetch(`${stack.fakeTwilioUrl}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ From: BOT_NUMBER, To: `whatsapp:${to}`, Body: body }),
  });
  expect(response.status).toBe(201);
}

/** A learner's screenshot of failing code, as the PNG a phone would send. */
async function tracebackPng(stack: SimulatorStack): Promise<Buffer> {
  const page = await stack.browser.newPage({ viewport: { width: 360, height: 140 } });
  await page.setContent(
    '<pre style="font:14px monospace;color:#b00;padding:8px">Traceback (most recent call last):\n  File "main.py", line 3\n    df.groupby("city").mean()\nTypeError: agg function failed</pre>',
  );
  const png = await page.screenshot();
  await page.close();
  return png;
}

describe('the simulator shows what WhatsApp shows, in Chromium', () => {
  let stack: SimulatorStack;

  beforeAll(async () => {
    stack = await startSimulatorStack('simulator_whatsapp');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("renders WhatsApp's formatting, and emoji in colour", async () => {
    const page = await stack.open({ width: 1260, height: 900 });
    const { chat, bots, say } = await chatAs(page, '+15550003001');

    // The bot's own menu: its 👋 drawn by a colour emoji font, its *DataDrill* in bold.
    const menu = await say('help', /DataDrill/);
    await expect.poll(() => menu.getAttribute('class'), WAIT).toMatch(/status-read/);
    expect(await menu.locator('strong').first().textContent()).toBe('DataDrill');
    expect(await colourOf(page, menu, '👋')).toBeGreaterThan(0.2);

    // Every WhatsApp style, in one message sent through the Messages API as the bot sends it.
    const before = await bots.count();
    await sendAsBot(
      stack,
      '+15550003001',
      [
        '*Bold* and _italic_ and ~struck~ and `inline()` 🎉',
        '```',
        'df.groupby("city")',
        '  .mean()',
        '```',
        '- first point',
        '- second point',
        '1. step one',
        '> a quoted line',
        'snake_case_name and 2*3*4 stay as typed',
      ].join('\n'),
    );
    const styled = bots.nth(before);
    await expect.poll(() => styled.textContent(), WAIT).toMatch(/Bold and italic/);
    await expect.poll(() => styled.getAttribute('class'), WAIT).toMatch(/status-read/);
    const text = styled.locator('.text');
    expect(await text.locator('strong').allTextContents()).toEqual(['Bold']);
    expect(await text.locator('em').allTextContents()).toEqual(['italic']);
    expect(await text.locator('s').allTextContents()).toEqual(['struck']);
    expect(await text.locator('code').allTextContents()).toEqual(['inline()']);
    expect(await text.locator('pre').textContent()).toBe('df.groupby("city")\n  .mean()');
    expect(await text.locator('.li').allTextContents()).toEqual(['first point', 'second point', 'step one']);
    expect(await text.locator('blockquote').textContent()).toBe('a quoted line');
    expect(await text.textContent()).toContain('snake_case_name and 2*3*4 stay as typed');
    expect(await text.textContent()).not.toMatch(/[*~`]Bold|```|^> /m);
    // Monospace really is monospace, and the 🎉 is in colour too.
    expect(
      await text.locator('pre').evaluate((node) => node.ownerDocument.defaultView.getComputedStyle(node).fontFamily),
    ).toMatch(/mono/i);
    expect(await colourOf(page, styled, '🎉')).toBeGreaterThan(0.2);

    await stack.screenshot(chat, 'simulator-formatting.png');
    expect(page.errors).toEqual([]);
  });

  it('draws the buttons and lists the bot sends, and sends a tap as Twilio posts it', async () => {
    const page = await stack.open({ width: 1260, height: 1300 });
    const { chat, bots, say } = await chatAs(page, '+15550003002');

    const challenge = await say('python easy', /\[python-easy-\d{3}\]/);
    const code = /\[(python-easy-\d{3})\]/.exec((await challenge.textContent()) ?? '')?.[1];
    const message = challenge.locator('xpath=..');
    const buttons = message.locator('.replies button');
    await expect
      .poll(() => buttons.allTextContents(), WAIT)
      .toEqual([expect.stringMatching(/Hint/), expect.stringMatching(/Solution/), expect.stringMatching(/Another/)]);

    // A tap on Hint: the learner's bubble says "Hint", quoting the challenge; the bot sends that challenge's hint.
    const before = await bots.count();
    await message.getByRole('button', { name: /Hint/ }).click();
    await expect.poll(() => bots.nth(before).textContent(), WAIT).toMatch(new RegExp(`Hint.*\\[${code}\\]`, 's'));
    const tap = chat.locator('.bubble.learner').last();
    expect(await tap.locator('.text').textContent()).toMatch(/Hint/);
    expect(await tap.locator('.quoted').textContent()).toMatch(/\S/);
    // WhatsApp takes one tap per message: its buttons are greyed, and the simulator refuses another.
    expect(await buttons.evaluateAll((nodes) => nodes.map((node) => node.disabled))).toEqual([true, true, true]);
    const messageSid = await message.getAttribute('data-id');
    const again = await page.request.post(new URL('/api/tap', stack.simulatorUrl).href, {
      data: { number: '+15550003002', messageSid, id: await buttons.first().getAttribute('data-id') },
    });
    expect(again.status(), await again.text()).toBe(409);
    await stack.screenshot(chat, 'simulator-tap-button.png');

    // The topics list: "☰ …" opens a sheet of rows; picking one sends that row, and a challenge comes back.
    const topics = await say('topics', /\S/);
    const opener = topics.locator('xpath=..').locator('.replies button');
    await expect.poll(() => opener.textContent(), WAIT).toMatch(/^☰ /);
    await opener.click();
    const sheet = chat.getByRole('dialog');
    const rows = sheet.getByRole('button').filter({ hasNotText: '✕' });
    await expect.poll(() => rows.count(), WAIT).toBeGreaterThan(1);
    await stack.screenshot(chat, 'simulator-list.png');
    const row = rows.filter({ hasText: /sql/i }).first();
    const rowTitle = (await row.locator('span').textContent()) ?? '';
    const picked = await bots.count();
    await row.click();
    await expect.poll(() => sheet.isVisible()).toBe(false);
    await expect.poll(() => bots.nth(picked).textContent(), WAIT).toMatch(/\[sql-\w+-\d{3}\]/);
    expect(await chat.locator('.bubble.learner .text').last().textContent()).toBe(rowTitle);
    // A list can be opened again (it is not used up like buttons).
    await opener.click();
    await expect.poll(() => sheet.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => sheet.isVisible()).toBe(false);

    await stack.screenshot(chat, 'simulator-tap-list.png');
    expect(page.errors).toEqual([]);
  });

  it('sends a photo with a question and a voice note, and shows them to the learner and the mentors', async () => {
    const page = await stack.open({ width: 1260, height: 1400 });
    const { chat, bots } = await chatAs(page, '+15550003003');
    const learner = chat.locator('.bubble.learner');

    await chat.getByLabel('photo or PDF to attach').setInputFiles({
      name: 'traceback.png',
      mimeType: 'image/png',
      buffer: await tracebackPng(stack),
    });
    await expect.poll(() => chat.locator('.pending').isVisible()).toBe(true);
    const before = await bots.count();
    await chat.getByLabel('message').fill('ask why?');
    await chat.getByLabel('message').press('Enter');

    // The learner's bubble: the photo (loaded, from the phone's own copy), the caption, its ticks.
    const photo = learner.last().locator('img');
    await expect.poll(() => photo.evaluate((img) => img.naturalWidth), WAIT).toBe(360);
    expect(await learner.last().locator('.text').textContent()).toBe('ask why?');
    await expect.poll(() => bots.nth(before).textContent(), WAIT).toMatch(/ticket #\d+/);
    const ticketNo = /ticket #(\d+)/.exec((await bots.nth(before).textContent()) ?? '')?.[1];

    // The mentors' column: the ticket, and the photo in its thread, as Slack shows an uploaded image.
    const ticket = page
      .getByLabel("mentors' channel")
      .locator('.ticket')
      .filter({ hasText: new RegExp(`Ticket #${ticketNo}\\b`) });
    await expect.poll(() => ticket.locator('> .text').textContent(), WAIT).toMatch(/why\?/);
    const shared = ticket.locator('.files img');
    await expect.poll(() => shared.count(), WAIT).toBe(1);
    await expect.poll(() => shared.evaluate((img) => img.naturalWidth), WAIT).toBe(360);

    // A voice note while the ticket is open: recorded from Chromium's fake microphone, sent on stop.
    const record = chat.getByRole('button', { name: 'record a voice note' });
    await record.click();
    const stop = chat.getByRole('button', { name: 'stop and send the voice note' });
    expect(await stop.getAttribute('aria-pressed')).toBe('true');
    // Two seconds of it, by the button's own clock.
    await expect.poll(() => stop.textContent(), WAIT).toMatch(/⏹ 0:0[2-9]/);
    await stop.click();
    const note = learner.last().locator('audio');
    await expect.poll(() => note.count(), WAIT).toBe(1);
    await expect.poll(() => note.evaluate((audio) => audio.readyState), WAIT).toBeGreaterThan(0);
    await expect.poll(() => ticket.locator('.files audio').count(), WAIT).toBe(1);

    // The mentor shares an annotated image in the thread: it reaches the learner as a media message.
    const answered = await bots.count();
    await ticket.getByLabel('file to share in the thread').setInputFiles({
      name: 'fix.png',
      mimeType: 'image/png',
      buffer: await tracebackPng(stack),
    });
    await ticket.getByLabel('reply in thread').fill('Look at line 3: mean() needs numeric columns.');
    await ticket.getByLabel('reply in thread').press('Enter');
    await expect.poll(() => ticket.locator('.thread .mentor .files img').count(), WAIT).toBe(1);
    const fromMentor = bots.locator('.media img');
    await expect.poll(() => fromMentor.count(), WAIT).toBe(1);
    await expect.poll(() => fromMentor.evaluate((img) => img.naturalWidth), WAIT).toBe(360);
    expect((await bots.allTextContents()).slice(answered).join('\n')).toMatch(/line 3: mean\(\) needs numeric/);

    await stack.screenshot(chat, 'simulator-media.png');
    await stack.screenshot(page.getByLabel("mentors' channel"), 'simulator-media-mentors.png');
    expect(page.errors).toEqual([]);
  });
});
