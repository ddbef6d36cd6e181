import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const FILE = 'test-artifacts/fault-scenarios.jsonl';

export interface ScenarioRow {
  scenario: string;
  sent: number;
  replies: number;
  duplicates: number;
  lost: number;
}

/** Called by each scenario with what the fake Twilio received. */
export function recordScenario(row: ScenarioRow): void {
  mkdirSync('test-artifacts', { recursive: true });
  appendFileSync(FILE, `${JSON.stringify(row)}\n`);
}

/** Tallies learners that each expected `perLearner` replies, records the row and returns it. */
export function recordReplies(
  scenario: string,
  learners: readonly string[],
  repliesOf: (learner: string) => number,
  perLearner = 1,
): ScenarioRow {
  const row = tally(
    scenario,
    new Map(learners.map((learner) => [learner, perLearner])),
    new Map(learners.map((learner) => [learner, repliesOf(learner)])),
  );
  recordScenario(row);
  return row;
}

/** Counts, per learner that sent `sentPerLearner` messages, replies missing or extra. */
export function tally(scenario: string, sent: Map<string, number>, replies: Map<string, number>): ScenarioRow {
  let duplicates = 0;
  let lost = 0;
  for (const [learner, count] of sent) {
    const got = replies.get(learner) ?? 0;
    if (got > count) duplicates += got - count;
    if (got < count) lost += count - got;
  }
  const total = (map: Map<string, number>) => [...map.values()].reduce((a, b) => a + b, 0);
  return { scenario, sent: total(sent), replies: total(replies), duplicates, lost };
}

/** Vitest global setup: start with an empty table, print it when every scenario has run. */
export default function setup() {
  rmSync(FILE, { force: true });
  return () => {
    if (!existsSync(FILE)) return;
    const rows = readFileSync(FILE, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ScenarioRow);
    const lines = ['', '| scenario | messages sent | replies | duplicates | lost |', '| --- | --- | --- | --- | --- |'];
    for (const row of rows)
      lines.push(`| ${row.scenario} | ${row.sent} | ${row.replies} | ${row.duplicates} | ${row.lost} |`);
    process.stdout.write(`${lines.join('\n')}\n`);
  };
}
