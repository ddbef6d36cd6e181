export { healthRoutes, metricsRoute } from './http-routes.js';
export { registerQueueGauges } from './queue-gauges.js';
export { type Check, checkReadiness, mysqlCheck, type Readiness, redisCheck } from './readiness.js';
export { startupCheck, verifyRedisPolicy, whenReady } from './redis-policy.js';
export { redisScript } from './redis-script.js';
export { onShutdown } from './shutdown.js';
