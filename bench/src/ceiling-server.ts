import { TEST_REDIS_URL } from '../../test/support/test-queue.js';
import { bareRoute, minimalRoute } from './ceilings.js';

/**
 * A ceiling route in a process of its own, as the ingress runs: measured in the bench's process,
 * it would share one thread with the load generator and be handicapped against the ingress.
 * `tsx bench/src/ceiling-server.ts bare|minimal`; QUEUE_PREFIX names the minimal route's queue.
 */
const kind = process.argv[2];
const server =
  kind === 'bare'
    ? await bareRoute()
    : await minimalRoute(TEST_REDIS_URL, process.env.QUEUE_PREFIX ?? 'dd-bench-ceiling');
const { port } = server.app.server.address() as { port: number };
console.log(JSON.stringify({ msg: `${kind} route listening at http://127.0.0.1:${port}` }));
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
