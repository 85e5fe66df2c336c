/**
 * Herald's events between processes on Redis Streams: {@link dev.herald.redis.RedisTransport} plugs
 * into {@code EventBus.builder().transport(...)}, {@link dev.herald.redis.RedisDeadLetterStore}
 * keeps the dead letters in a Redis stream.
 *
 * <h2>How the transport works</h2>
 *
 * <p><b>On the wire</b>, an event is one stream entry ({@code XADD}) with two fields:
 * {@code event}, the envelope as CloudEvents 1.0 JSON, and {@code type}, its event name, for
 * people reading the stream with {@code redis-cli}. Which stream it goes to is the
 * {@link dev.herald.redis.StreamLayout}'s choice; every {@code XADD} trims its stream by the
 * {@link dev.herald.redis.Retention}.
 *
 * <p><b>Consuming</b>: every service is a consumer group (default: the bus's source), every process
 * a consumer in it; a group sees every event of the streams it consumes, its consumers share them.
 * One thread per process reads batches ({@code XREADGROUP}) and hands the entries to the bus in
 * stream order, so the bus's ORDERED subscribers see each key's events in order (with one consumer
 * per group; several consumers of one group each see a share). At most {@code maxInFlight} entries
 * are with the bus at once.
 *
 * <p><b>Settling</b>: an entry is acknowledged ({@code XACK}) when every local subscriber succeeded
 * (after the bus's own retries); the acknowledgements are sent in one command per stream before
 * each read. A failed entry stays pending: after {@code claimIdle} a consumer of the group (perhaps
 * another process) claims it ({@code XAUTOCLAIM}) and delivers it again, to every subscriber; an
 * entry whose last allowed delivery ({@code maxDeliveries}) fails, or that was delivered that often
 * without an acknowledgement (its consumers crashed), goes to the dead-letter stream
 * {@code <namespace>:dead} with the error, and is acknowledged, atomically (one Lua script). A
 * claim pass first sends the queued acknowledgements and waits for Redis's answer, so that an entry
 * that settled but was not acknowledged yet is never taken for an abandoned one.
 *
 * <p><b>Poison entries</b>, that are no event of the bus's contracts (not CloudEvents, unknown
 * type, newer version, bad data), go to the dead-letter stream at once with the reason, listed by
 * {@link dev.herald.redis.RedisDeadLetterStore#rejected()}: no redelivery would help. Delivery is
 * at least once: subscribers of carried events should be idempotent.
 *
 * <p><b>While Redis is away</b>, publishing fails fast or buffers
 * ({@link dev.herald.redis.ConnectionLoss}), the consumer thread reconnects with an exponential
 * backoff and creates its groups again, and the transport's health says DOWN
 * ({@link dev.herald.redis.RedisHealth}).
 *
 * <h2>Inside</h2>
 *
 * <p>{@code RedisTransport} is a facade over package-private classes, one job each:
 * {@code TransportSettings} (what the builder fills), {@code Publisher} with its
 * {@code OutageBuffer}, {@code ConsumerLoop} (reads, schedules a {@code ClaimPass}), {@code Intake}
 * (decodes, rejects poison, hands entries to the bus), {@code Settlement} (outcomes to
 * acknowledgement, redelivery or dead letter), {@code Acknowledgements} and {@code InFlight}.
 */
package dev.herald.redis;
