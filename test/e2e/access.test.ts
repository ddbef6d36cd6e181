import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotStack, startBotStack } from '../support/bot-stack.js';
import { waitFor } from '../support/wait-for.js';

const run = promisify(execFile);
const FORM = 'https://school.example/access';

describe('ACCESS_MODE=enrolled: the roster, join codes and the school commands', () => {
  let stack: BotStack;
  let dir: string;
  beforeAll(async () => {
    stack = await startBotStack({ label: 'access', workerEnv: { ACCESS_MODE: 'enrolled', ACCESS_FORM_URL: FORM } });
    dir = await mkdtemp(join(tmpdir(), 'dd-roster-'));
  });
  afterAll(async () => {
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** A school command as `pnpm <script>` runs it, against this file's database. */
  const school = (script: string, args: string[]) =>
    run(process.execPath, ['--import', 'tsx', `apps/worker/src/scripts/${script}.ts`, ...args], {
      env: { PATH: process.env.PATH ?? '', ENV_FILE: '', DATABASE_URL: stack.database.url, DEFAULT_COUNTRY: 'ZA' },
    });
  const settled = (phone: string, count: number) =>
    waitFor(`${count} settled interactions`, async () => {
      const rows = await stack.database.db('interactions').where({ phone });
      return rows.length === count && rows.every((row) => row.status !== 'pending') && rows;
    });

  it('gives a number not on the roster one polite reply a day with the form, logs it, and never sends content', async () => {
    const stranger = 'whatsapp:+27825554001';
    const reply = await stack.say(stranger, 'python easy');
    expect(reply).toContain(FORM);
    expect(reply).not.toMatch(/\[python-easy-/);
    await stack.send(stranger, 'help');
    const rows = await settled('27825554001', 2);
    expect(rows.map((row) => row.outcome)).toEqual(['not_enrolled', 'not_enrolled']);
    expect(stack.repliesTo(stranger)).toHaveLength(1);
  });

  it('imports the access form export (bad rows refused by line), after which the learner gets challenges', async () => {
    const csv = join(dir, 'form.csv');
    await writeFile(
      csv,
      'Name,Phone,Email\nLindi,0825554002,lindi@example.org\nNobody,,\nTypo,08255,\nLindi,+27 82 555 4002,lindi@example.org\n',
    );
    const first = await school('learners-import', [csv]);
    expect(first.stdout).toMatch(/roster: 1 added, 0 updated, 2 refused/);
    expect(first.stdout).toMatch(/line 3: no phone number/);
    expect(first.stdout).toMatch(/line 4: .*not a valid/);
    // Idempotent: the same file again adds nothing.
    expect((await school('learners-import', [csv])).stdout).toMatch(/roster: 0 added, 1 updated, 2 refused/);
    expect(await stack.say('whatsapp:+27825554002', 'python easy')).toMatch(/\[python-easy-\d{3}\]/);

    await expect(school('learners-import', [join(dir, 'missing.csv')])).rejects.toMatchObject({ code: 1 });

    expect((await school('learners-remove', ['0825554002'])).stdout).toMatch(/removed \+27825554002/);
    expect(await stack.say('whatsapp:+27825554002', 'python easy')).toContain(FORM);
  });

  it('enrols a learner who sends a cohort join code, and refuses an expired one', async () => {
    const created = await school('cohorts-create', ['Data', 'Science', '2027']);
    const code = /join ([A-Z2-9]{8})/.exec(created.stdout)?.[1] ?? '';
    expect(code).toHaveLength(8);
    const learner = 'whatsapp:+27825554003';
    expect(await stack.say(learner, `join ${code.toLowerCase()}`)).toMatch(
      /You're in: welcome to \*Data Science 2027\*/,
    );
    expect(await stack.say(learner, 'sql easy')).toMatch(/\[sql-easy-\d{3}\]/);
    expect(await stack.database.db('roster').where({ phone: '27825554003' }).first()).toMatchObject({
      cohort: 'Data Science 2027',
      source: 'join',
    });

    const old = await school('cohorts-create', ['Old', 'cohort', '--expires', '2020-01-01']);
    const expired = /join ([A-Z2-9]{8})/.exec(old.stdout)?.[1] ?? '';
    expect(await stack.say('whatsapp:+27825554004', `join ${expired}`)).toMatch(/isn't valid \(or has expired\)/);
  });
});
