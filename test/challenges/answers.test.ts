import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { checkAnswer, type LocatedChallenge, parseCommand, shortAnswer } from '@datadrill/core';
import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../apps/worker/src/challenges/load-library.js';
import { appearsInOrder, flatNumbers, matchesNumbers, writtenForms } from './answers.js';
import { evaluateCheck } from './math.js';

const { challenges, problems } = await loadLibrary('challenges');

it('the library loads without problems (see pnpm challenges:check)', () => {
  expect(problems).toEqual([]);
});
const withAnswer = (topics: readonly string[]) =>
  challenges.filter((challenge) => challenge.answer && topics.includes(challenge.topic));
const label = (challenge: LocatedChallenge) => `${challenge.code} (${challenge.file}:${challenge.line})`;

const mathematical = withAnswer(['statistics', 'probability', 'linear-algebra']);
const checked = challenges.filter((challenge) => challenge.answer && challenge.check);
const sql = withAnswer(['sql']);
const python = withAnswer(['python', 'pandas', 'machine-learning']).filter((challenge) => !challenge.check);

describe('numeric answers, recomputed in TypeScript', () => {
  it('every statistics, probability and linear-algebra answer comes with a check expression', () => {
    expect(mathematical.filter((challenge) => !challenge.check).map(label)).toEqual([]);
  });

  it.each(checked.map((c) => [label(c), c] as const))('%s', (_, challenge) => {
    const result = flatNumbers(evaluateCheck(challenge.check ?? ''));
    const forms = writtenForms(challenge.answer ?? shortAnswer(''));
    expect(
      forms.some((form) => matchesNumbers(form, result)),
      `answer "${forms[0]}", computed ${result}`,
    ).toBe(true);
  });
});

/** The rows of the last SELECT, when a solution is several statements (or ends with a comment). */
function lastRows(results: unknown): Array<Record<string, unknown>> {
  const sets = Array.isArray(results) && results.some(Array.isArray) ? results.filter(Array.isArray) : [results];
  return (sets[sets.length - 1] ?? []) as Array<Record<string, unknown>>;
}

const SERVER = new URL(process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306');

describe('SQL answers, by running the setup and the solution on MariaDB', () => {
  it('every such answer comes with a solution (and the tables it reads, in `setup`)', () => {
    expect(sql.filter((challenge) => !challenge.solution).map(label)).toEqual([]);
  });

  it.each(sql.filter((c) => c.solution).map((c) => [label(c), c] as const))('%s', async (_, challenge) => {
    const database = `dd_test_sql_${randomBytes(4).toString('hex')}`;
    const connection = await mysql.createConnection({
      host: SERVER.hostname,
      port: Number(SERVER.port || 3306),
      user: decodeURIComponent(SERVER.username || 'root'),
      password: decodeURIComponent(SERVER.password),
      multipleStatements: true,
    });
    try {
      await connection.query(`CREATE DATABASE ${database}; USE ${database};`);
      if (challenge.setup) await connection.query(challenge.setup);
      const [results] = await connection.query(challenge.solution ?? '');
      const rendered = lastRows(results)
        .map((row) => Object.values(row).join(' '))
        .join('; ');
      const forms = writtenForms(challenge.answer ?? shortAnswer(''));
      expect(
        forms.some((form) => appearsInOrder(form, rendered)),
        `answer "${forms[0]}", query gave "${rendered}"`,
      ).toBe(true);
    } finally {
      await connection.query(`DROP DATABASE IF EXISTS ${database}`);
      await connection.end();
    }
  });
});

/**
 * The interpreter the solutions run on: $PYTHON, else the first python3 that has the scientific
 * stack (Debian's /usr/bin/python3 with python3-pandas, when a pyenv one comes first on PATH).
 */
const PYTHON = [process.env.PYTHON, 'python3', '/usr/bin/python3']
  .filter((candidate): candidate is string => Boolean(candidate))
  .map((candidate) => ({ candidate, probe: spawnSync(candidate, ['-c', 'import numpy, pandas']).status }))
  .sort((a, b) => Number(a.probe !== 0) - Number(b.probe !== 0))
  .find(({ candidate }) => spawnSync(candidate, ['--version']).status === 0)?.candidate;
const python3 = PYTHON !== undefined;

const importable = new Map<string, boolean>();

/** Third-party modules a solution imports that this machine's python3 does not have. */
function missingModules(solution: string): string[] {
  const modules = [...solution.matchAll(/^\s*(?:import|from)\s+([a-zA-Z_]\w*)/gm)].map((match) => match[1] ?? '');
  return [...new Set(modules)].filter((name) => {
    if (!importable.has(name))
      importable.set(name, spawnSync(PYTHON ?? 'python3', ['-c', `import ${name}`]).status === 0);
    return !importable.get(name);
  });
}

const pythonSuite = python3
  ? 'Python answers, by running the reference solution'
  : 'Python answers: SKIPPED, python3 is not installed on this machine';

describe.skipIf(!python3)(pythonSuite, () => {
  it('every such answer comes with a runnable solution', () => {
    expect(python.filter((challenge) => !challenge.solution).map(label)).toEqual([]);
  });

  it.for(python.filter((c) => c.solution).map((c) => [label(c), c] as const))('%s', ([, challenge], context) => {
    const missing = missingModules(challenge.solution ?? '');
    if (missing.length > 0) context.skip(`SKIPPED: python3 here lacks ${missing.join(', ')}`);
    const output = execFileSync(PYTHON ?? 'python3', ['-c', challenge.solution ?? ''], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    const forms = writtenForms(challenge.answer ?? shortAnswer(''));
    expect(
      forms.some((form) => appearsInOrder(form, output)),
      `answer "${forms[0]}", printed "${output.trim()}"`,
    ).toBe(true);
  });
});

describe("the bot's checker against the library's own answers", () => {
  it('every challenge has an answer', () => {
    expect(challenges.filter((challenge) => !challenge.answer).map(label)).toEqual([]);
  });

  it.each(challenges.filter((c) => c.answer).map((c) => [label(c), c] as const))('%s', (_, challenge) => {
    const answer = challenge.answer ?? shortAnswer('');
    const typed = answer.values.join(', ');
    expect(checkAnswer(answer, typed).verdict, `"${typed}"`).toMatchObject({ verdict: 'right' });
    expect(checkAnswer(answer, `answer: ${typed}`).verdict.verdict).toBe('right');
    // Typed as a learner would, through the parser: `answer <the value>` reaches the checker intact.
    const command = parseCommand(`answer ${typed}`);
    expect(command.kind === 'answer' && checkAnswer(answer, command.text).verdict.verdict).toBe('right');
    for (const mistake of answer.mistakes) {
      expect(checkAnswer(answer, mistake.value).verdict, `mistake "${mistake.value}"`).toEqual({
        verdict: 'wrong',
        hint: mistake.hint,
      });
    }
  });
});
