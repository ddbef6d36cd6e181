import { type ChallengeFigures, type ChallengeFlag, challengeFlags } from '@datadrill/core';
import type { Knex } from 'knex';
import { days, type Filters, num, numOrNull, scope, select } from './scope.js';

export interface ChallengeRow extends ChallengeFigures {
  title: string;
  flags: ChallengeFlag[];
}

/**
 * Per challenge, for the period: learners sent it, who attempted it, first attempts and how many
 * were right, mean attempts, hints asked, learners who revealed it before answering, and every
 * answer with those the checker could not read. Challenges no one was sent in the period are left out.
 */
export async function challengeFigures(db: Knex, filters: Filters): Promise<ChallengeRow[]> {
  const sent = scope(filters, 'first_sent_at');
  const answered = days(filters);
  const rows = await select<Record<string, unknown>>(
    db,
    `SELECT c.code, c.topic, c.difficulty, c.title, s.sent, s.attempted, s.revealed_first, s.mean_attempts,
       a.first_attempts, a.first_right, a.answers, a.unreadable, a.hints
     FROM (SELECT challenge_code, COUNT(*) AS sent, SUM(attempts > 0) AS attempted,
             SUM(status = 'revealed' AND attempts = 0) AS revealed_first,
             AVG(CASE WHEN attempts > 0 THEN attempts END) AS mean_attempts
           FROM learner_challenges WHERE ${sent.sql} GROUP BY challenge_code) s
     JOIN challenges c ON c.code = s.challenge_code
     LEFT JOIN (SELECT challenge_code, SUM(first_attempts) AS first_attempts, SUM(first_right) AS first_right,
             SUM(answers) AS answers, SUM(unreadable) AS unreadable, SUM(hints) AS hints
           FROM insights_challenge_days WHERE ${answered.sql} GROUP BY challenge_code) a ON a.challenge_code = c.code
     ORDER BY c.topic, c.difficulty, c.code`,
    [...sent.bindings, ...answered.bindings],
  );
  return rows.map((row) => {
    const figures: ChallengeFigures = {
      code: String(row.code),
      topic: String(row.topic),
      difficulty: String(row.difficulty),
      sent: num(row.sent),
      attempted: num(row.attempted),
      firstAttempts: num(row.first_attempts),
      firstRight: num(row.first_right),
      meanAttempts: numOrNull(row.mean_attempts),
      hints: num(row.hints),
      revealedBeforeAnswering: num(row.revealed_first),
      answers: num(row.answers),
      unreadable: num(row.unreadable),
    };
    return { ...figures, title: String(row.title), flags: challengeFlags(figures) };
  });
}
