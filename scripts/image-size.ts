/**
 * `pnpm image:size`: how big the production image is. With a Docker engine, `docker image inspect`
 * on IMAGE (datadrill:latest, built by `docker build -t datadrill .` or compose). Without one, it
 * re-enacts the Dockerfile (scripts/reenact-image.ts), measures what the final stage adds on top of
 * its base image, and adds the base image's published size, which cannot be measured offline.
 */
import { execFileSync } from 'node:child_process';
import { buildImage } from './reenact-image.js';

const IMAGE = process.env.IMAGE ?? 'datadrill:latest';
/** node:20-bookworm-slim, linux/amd64, as Docker Hub lists it (unpacked ≈ what `docker images` shows). */
const BASE = { name: 'node:20-bookworm-slim', unpackedMb: 200, compressedMb: 70 };
/** What the base stage's apt-get adds (tini's package, unpacked). */
const TINI_MB = 1;

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

function engineSize(): number | undefined {
  try {
    const out = execFileSync('docker', ['image', 'inspect', IMAGE, '--format', '{{.Size}}'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return Number(out);
  } catch {
    return undefined;
  }
}

/** Bytes under a path as a layer stores them (apparent sizes; symlinks count as links). */
function size(cwd: string, path: string): number {
  const out = execFileSync('du', ['-s', '--block-size=1', '--apparent-size', path], { cwd, encoding: 'utf8' });
  return Number(out.split('\t')[0]);
}

const measured = engineSize();
if (measured !== undefined) {
  console.log(`${IMAGE}: ${mb(measured)} MB (docker image inspect)`);
} else {
  const image = buildImage();
  try {
    const total = size(image.appDir, '.');
    const line = (label: string, path: string) =>
      console.log(`  ${label.padEnd(38)}${mb(size(image.appDir, path))} MB`);
    console.log(`no Docker engine: re-enacted the Dockerfile; the final stage (${image.final.command.join(' ')}):`);
    line('production node_modules', 'node_modules');
    line('apps/*/dist (bundles and source maps)', 'apps');
    line('challenges/', 'challenges');
    console.log(`  ${'/app in all'.padEnd(38)}${mb(total)} MB, and tini ≈ ${TINI_MB} MB`);
    console.log(
      `base image ${BASE.name}: ≈ ${BASE.unpackedMb} MB unpacked (≈ ${BASE.compressedMb} MB compressed), as published`,
    );
    console.log(`image ≈ ${Math.round(BASE.unpackedMb + TINI_MB + mb(total))} MB unpacked`);
  } finally {
    image.remove();
  }
}
