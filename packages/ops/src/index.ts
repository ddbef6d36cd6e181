export { basicAuthMatches, FAILED_LOGINS_PER_MINUTE, sameSecret } from './credentials.js';
export { healthRoutes, metricsRoute } from './http-routes.js';
export {
  type ConsumerOptions,
  createJobProducer,
  type JobAttempt,
  type JobHandler,
  type JobObserver,
  type JobProducer,
  openQueues,
  type QueueHandlers,
  type QueueSettings,
  type Queues,
  queueOptions,
  startJobConsumer,
} from './jobs.js';
export { mysqlSettings } from './mysql-settings.js';
export { registerQueueGauges } from './queue-gauges.js';
export { type ReplicaRouting, replicaRouting } from './read-replica.js';
export { type Check, checkReadiness, mysqlCheck, type Readiness, redisCheck } from './readiness.js';
export {
  connectRedis,
  queuePrefix,
  type RedisConnection,
  type RedisRole,
  type RedisTarget,
  redisNodes,
  unlinkMatching,
} from './redis-connection.js';
export { startupCheck, verifyRedisPolicy, whenReady } from './redis-policy.js';
export { redisScript } from './redis-script.js';
export { onShutdown } from './shutdown.js';
