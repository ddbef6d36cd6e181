import { answerFromStorage } from '@datadrill/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorStack, startSimulatorStack } from '../support/simulator-stack.js';

describe('the local WhatsApp simulator in a browser', () => {
  let stack: SimulatorStack;

  beforeAll(async () => {
    stack = await startSimulatorStack('simulator');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('shows the menu and a challenge with its code as the learner chats', async () => {
    const page = await stack.open({ width: 1280, height: 800 });
    const chat = page.locator('section.chat[data-number="+15550001111"]');
    const input = chat.getByLabel('message');

    await input.fill('help');
    await input.press('Enter');
    await expect
      .poll(() => chat.locator('.bubble.bot').first().textContent(), { timeout: 20_000 })
      .toMatch(/Topics and difficulties/);

    await input.fill('python easy');
    await input.press('Enter');
    await expect
      .poll(() => chat.locator('.bubble.bot').nth(1).textContent(), { timeout: 20_000 })
      .toMatch(/\[python-easy-\d{3}\]/);
    // WhatsApp formatting is rendered, not shown as asterisks: the title in bold, the quota line in italics.
    const challenge = chat.locator('.bubble.bot').nth(1);
    expect(await challenge.locator('strong').first().textContent()).not.toContain('*');
    expect(await challenge.locator('em').count()).toBeGreaterThan(0);
    expect(await challenge.textContent()).not.toMatch(/^\*/);
    expect(await chat.locator('.bubble.learner .text').allTextContents()).toEqual(['help', 'python easy']);
    // Ticks as WhatsApp draws them: the learner's messages read (the bot has replied since), the bot's read on this page.
    await expect
      .poll(() => chat.locator('.bubble.learner .ticks').evaluateAll((ticks) => ticks.map((tick) => tick.textContent)))
      .toEqual(['✓✓', '✓✓']);
    expect(await chat.locator('.bubble.learner .ticks').first().getAttribute('aria-label')).toMatch(/bot has replied/);
    await expect.poll(() => chat.locator('.bubble.bot').first().getAttribute('class')).toMatch(/status-read/);

    // A second number chats side by side, with its own conversation.
    await page.getByLabel('phone number to add').fill('+15550002222');
    await page.getByRole('button', { name: 'Add number' }).click();
    const second = page.locator('section.chat[data-number="+15550002222"]');
    await second.getByLabel('message').fill('sql hard');
    await second.getByLabel('message').press('Enter');
    await expect
      .poll(() => second.locator('.bubble.bot').first().textContent(), { timeout: 20_000 })
      .toMatch(/\[sql-hard-\d{3}\]/);
    expect(await chat.locator('.bubble.bot').count()).toBe(2);

    await stack.screenshot(page, 'simulator.png');
    expect(page.errors).toEqual([]);
  });

  it("lets the learner ask a mentor, and the page answer as the mentor in the ticket's thread", async () => {
    const page = await stack.open({ width: 1400, height: 800 });
    const chat = page.locator('section.chat[data-number="+15550001111"]');
    const bots = await chat.locator('.bubble.bot').count();
    await chat.getByLabel('message').fill('ask why is my p-value 1.0?');
    await chat.getByLabel('message').press('Enter');
    await expect
      .poll(() => chat.locator('.bubble.bot').nth(bots).textContent(), { timeout: 20_000 })
      .toMatch(/ticket #\d+/);

    const ticket = page.getByLabel("mentors' channel").locator('.ticket').first();
    await expect
      .poll(() => ticket.locator('> .text').textContent(), { timeout: 20_000 })
      .toMatch(/why is my p-value 1\.0\?/);
    // Slack mrkdwn, as Slack draws it: the emoji name as its glyph, *Ticket #n* in bold.
    const head = ticket.locator('> .text');
    expect(await head.textContent()).toMatch(/^🙋 Ticket #\d+ from /);
    expect(await head.locator('strong').first().textContent()).toMatch(/^Ticket #\d+$/);
    await ticket.getByLabel('reply in thread').fill('Check that you passed two different samples.');
    await ticket.getByLabel('reply in thread').press('Enter');
    await expect
      .poll(
        () =>
          chat
            .locator('.bubble.bot')
            .nth(bots + 1)
            .textContent(),
        { timeout: 20_000 },
      )
      .toMatch(/Mentor \(mentor\) on ticket #\d+:\s+Check that you passed two different samples\./);

    await ticket.getByRole('button', { name: '✅ Close' }).click();
    await expect
      .poll(
        () =>
          chat
            .locator('.bubble.bot')
            .nth(bots + 2)
            .textContent(),
        { timeout: 20_000 },
      )
      .toMatch(/was closed by Mentor/);
    await stack.screenshot(page, 'simulator-mentors.png');
    expect(page.errors).toEqual([]);
  });

  it('runs a whole learning session: a challenge, a wrong answer, the right one, progress', async () => {
    const page = await stack.open({ width: 1280, height: 900 });
    await page.getByLabel('phone number to add').fill('+27825550777');
    await page.getByRole('button', { name: 'Add number' }).click();
    const chat = page.locator('section.chat[data-number="+27825550777"]');
    const input = chat.getByLabel('message');
    const say = async (text: string, expected: RegExp) => {
      const bots = await chat.locator('.bubble.bot').count();
      await input.fill(text);
      await input.press('Enter');
      await expect
        .poll(() => chat.locator('.bubble.bot').nth(bots).textContent(), { timeout: 20_000 })
        .toMatch(expected);
      return (await chat.locator('.bubble.bot').nth(bots).textContent()) ?? '';
    };
    const challenge = await say('probability easy', /\[probability-easy-\d{3}\]/);
    const code = /\[(probability-easy-\d{3})\]/.exec(challenge)?.[1] ?? '';
    const row = await stack.database.db('challenges').where({ code }).first('answer');
    const answer = answerFromStorage(String(row.answer));
    await say('answer banana', /can't read that as an answer/);
    await say(`answer ${answer.values.map((v) => String(Number(v) + 1)).join(', ')}`, /Not quite/);
    await say(`answer ${answer.values.join(', ')}`, /Right!.*Streak: 1 day/s);
    await say('progress', /probability.*1 solved of 1 attempted/s);
    await stack.screenshot(page, 'simulator-session.png');
    expect(page.errors).toEqual([]);
  });
});
