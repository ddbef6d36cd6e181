/** A challenge of the requested cell, with when this learner last received it (if ever). */
export interface Candidate {
  code: string;
  lastSentAt: Date | null;
}

/**
 * Fresh challenges first, chosen at random so learners in a cohort do not all get the
 * same one; once the learner has seen the whole cell, the one seen longest ago.
 */
export function selectChallenge(
  candidates: readonly Candidate[],
  random: () => number = Math.random,
): string | undefined {
  const fresh = candidates.filter((candidate) => candidate.lastSentAt === null);
  if (fresh.length > 0) return fresh[Math.floor(random() * fresh.length)]?.code;
  let oldest: Candidate | undefined;
  for (const candidate of candidates) {
    if (!oldest || (candidate.lastSentAt?.getTime() ?? 0) < (oldest.lastSentAt?.getTime() ?? 0)) oldest = candidate;
  }
  return oldest?.code;
}
