// alicloud-rx/redis (Node): one account's budget shared by every process through Redis.
export { redisBudget } from './redis-budget.js';
export type { RedisBudgetOptions, RedisConnection, RedisSubscriber } from './redis-budget.js';
