package dev.herald.redis;

import java.time.Instant;

/**
 * The transport's connection state, for health checks: {@link RedisTransport#connectionState()};
 * {@link RedisTransport#health()} turns it into the transport's part of {@code EventBus.health()}.
 *
 * @param status UP when the last command reached Redis, DOWN when it could not, CLOSED after close
 * @param reason why it is DOWN (the last error, without credentials), or a short note
 * @param since when the status last changed
 * @param buffered envelopes published while Redis was away and not yet sent
 *     ({@link ConnectionLoss#buffer})
 */
public record RedisHealth(Status status, String reason, Instant since, int buffered) {

  /** Whether the transport reaches Redis. */
  public enum Status {
    /** The last command reached Redis. */
    UP,
    /** The last command could not reach Redis; see the reason. */
    DOWN,
    /** The transport was closed. */
    CLOSED
  }

  /** Whether the status is {@link Status#UP}. */
  public boolean isUp() {
    return status == Status.UP;
  }
}
