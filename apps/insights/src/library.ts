import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseLibraryFile } from '@datadrill/core';

export interface Locations {
  byCode: Map<string, { file: string; line: number }>;
  /** The library's files (paths as linked), the only ones /source serves. */
  files: Set<string>;
}

/** Where each challenge is written, so a flagged one links to its file and line. */
export async function challengeLocations(dir: string): Promise<Locations> {
  const names = (await readdir(dir, { recursive: true })).filter((name) => /\.ya?ml$/.test(name));
  const locations: Locations = { byCode: new Map(), files: new Set() };
  for (const name of names) {
    const file = relative(process.cwd(), join(dir, name));
    locations.files.add(file);
    for (const challenge of parseLibraryFile(file, await readFile(join(dir, name), 'utf8')).challenges) {
      locations.byCode.set(challenge.code, { file: challenge.file, line: challenge.line });
    }
  }
  return locations;
}
