/**
 * Herald's events between processes on Redis Streams: {@link dev.herald.redis.RedisTransport} plugs
 * into {@code EventBus.builder().transport(...)}, {@link dev.herald.redis.RedisDeadLetterStore} keeps
 * the dead letters in a Redis stream.
 */
package dev.herald.redis;
