/**
 * Docker has no engine on these machines, so this re-enacts the Dockerfile without one: each stage
 * gets a scratch folder standing for its root filesystem; COPY copies from the build context
 * (honouring .dockerignore) or, with --from, out of an earlier stage's folder, symlinks kept as
 * symlinks (pnpm's node_modules are made of them); the pnpm steps run there offline from the lockfile.
 * Steps that provision the base system (apt-get, npm -g, mkdir/chown) belong to the base image and
 * are listed as skipped. Used by test/faults/image.test.ts and `pnpm image:size`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

export interface Stage {
  name: string;
  /** The image (or earlier stage) it starts FROM. */
  from: string;
  /** The folder that stands for the stage's root filesystem. */
  root: string;
  workdir: string;
  env: Record<string, string>;
  user: string;
  command: string[];
  entrypoint: string[];
  healthcheck: string[];
}

export interface Image {
  /** The final stage: what the image holds. */
  final: Stage;
  /** Every stage by name (the final one too), in the order built. */
  stages: Stage[];
  /** The scratch folder holding them all. */
  dir: string;
  /** Instructions left to the base system. */
  skipped: string[];
  /** The final stage's WORKDIR on disk, where the image's command runs. */
  appDir: string;
  remove(): void;
}

function instructions(dockerfile: string): Array<{ op: string; args: string }> {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

function ignored(): (path: string) => boolean {
  const patterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((pattern) => pattern.replace(/^\*\*\//, ''));
  return (path) => {
    const parts = relative(ROOT, path).split('/');
    return patterns.some((pattern) => parts.includes(pattern) || relative(ROOT, path) === pattern);
  };
}

const inRoot = (stage: Stage, path: string) => join(stage.root, posix.resolve(stage.workdir, path));

/** Re-enacts the Dockerfile (every stage up to the last) into a scratch folder. */
export function buildImage(): Image {
  const dir = mkdtempSync(join(tmpdir(), 'dd-image-'));
  const skip = ignored();
  const steps = instructions(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const skipped: string[] = [];
  const stages: Stage[] = [];
  let stage: Stage | undefined;
  for (const [index, { op, args }] of steps.entries()) {
    if (op === 'FROM') {
      const [from = '', , name = `stage-${stages.length}`] = args.split(/\s+/);
      const parent = stages.find((one) => one.name === from);
      const root = join(dir, name);
      // A parent no later step reads is taken over rather than copied (Docker would share its layers).
      const later = steps.slice(index + 1).some((step) => step.args.includes(`--from=${from}`) || step.args === from);
      if (parent && later) cpSync(parent.root, root, { recursive: true, verbatimSymlinks: true });
      else if (parent) renameSync(parent.root, root);
      else mkdirSync(root);
      stage = parent
        ? { ...parent, name, from, root, env: { ...parent.env } }
        : { name, from, root, workdir: '/', env: {}, user: 'root', command: [], entrypoint: [], healthcheck: [] };
      if (parent && !later) parent.root = root;
      stages.push(stage);
      continue;
    }
    if (!stage) throw new Error(`${op} before FROM`);
    if (op === 'WORKDIR') {
      stage.workdir = posix.resolve(stage.workdir, args);
      mkdirSync(inRoot(stage, '.'), { recursive: true });
    }
    if (op === 'USER') stage.user = args;
    if (op === 'ENV') {
      const [key, value] = args.split('=');
      if (key && value !== undefined) stage.env[key] = value;
    }
    if (op === 'COPY') {
      const words = args.split(/\s+/);
      const fromName = words.find((word) => word.startsWith('--from='))?.slice('--from='.length);
      const source = fromName ? stages.find((one) => one.name === fromName) : undefined;
      if (fromName && !source) throw new Error(`COPY --from=${fromName}: no such stage`);
      const paths = words.filter((word) => !word.startsWith('--'));
      const target = paths.pop() ?? '.';
      const destination = inRoot(stage, target);
      for (const path of paths) {
        const from = source ? join(source.root, path) : join(ROOT, path);
        // Docker copies a directory's contents into the destination, and a file into it when it ends in /.
        const intoFolder = !statSync(from).isDirectory() && (target.endsWith('/') || target === '.');
        const into = intoFolder ? join(destination, posix.basename(path)) : destination;
        mkdirSync(dirname(into), { recursive: true });
        cpSync(from, into, {
          recursive: true,
          verbatimSymlinks: true,
          filter: (p) => source !== undefined || !skip(p),
        });
      }
    }
    if (op === 'RUN') {
      if (args.startsWith('pnpm ')) {
        execFileSync('pnpm', args.split(/\s+/).slice(1), {
          cwd: inRoot(stage, '.'),
          stdio: 'pipe',
          env: { ...process.env, CI: '1' },
        });
      } else skipped.push(args);
    }
    if (op === 'CMD') stage.command = JSON.parse(args) as string[];
    if (op === 'ENTRYPOINT') stage.entrypoint = JSON.parse(args) as string[];
    if (op === 'HEALTHCHECK') stage.healthcheck = JSON.parse(args.slice(args.indexOf('CMD ') + 4)) as string[];
  }
  const final = stages.at(-1);
  if (!final) throw new Error('the Dockerfile has no FROM');
  return {
    final,
    stages,
    dir,
    skipped,
    appDir: inRoot(final, '.'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
