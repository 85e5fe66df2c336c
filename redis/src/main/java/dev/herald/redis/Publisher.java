package dev.herald.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.TransportException;
import dev.herald.runtime.wire.CloudEvents;
import io.lettuce.core.RedisCommandExecutionException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends published envelopes to their streams: one {@code XADD} per envelope (field
 * {@link RedisTransport#EVENT} with the CloudEvents JSON, {@link RedisTransport#TYPE} with the
 * event name), trimmed by the {@link Retention}, returning once Redis replied. While Redis does not
 * answer it fails fast or, under {@link ConnectionLoss#buffer}, hands the envelope to its
 * {@link OutageBuffer}; an error Redis itself returned (a full disk, a wrong type) always fails.
 */
final class Publisher {

  // Under the transport's name, where users configure it.
  private static final Logger log = LoggerFactory.getLogger(RedisTransport.class);

  /** Writing needs no contracts: the envelope carries its own key. */
  private static final CloudEvents WRITER = CloudEvents.of(List.of());

  private final TransportSettings settings;
  private final Connections connections;
  private final OutageBuffer buffer; // null when failing fast
  private volatile boolean closed;

  Publisher(TransportSettings settings, Connections connections) {
    this.settings = settings;
    this.connections = connections;
    if (settings.connectionLoss.buffers()) {
      this.buffer = new OutageBuffer(settings.connectionLoss.capacity(), connections.where(),
          "herald-redis-flush-" + settings.namespace, this::sendNow, settings.reconnectMin,
          settings.reconnectMax);
      connections.buffered(buffer::size);
    } else {
      this.buffer = null;
    }
  }

  void send(Envelope<?> envelope) {
    if (closed) {
      throw new TransportException("RedisTransport to " + connections.where() + " is closed; "
          + envelope.type() + " " + envelope.id() + " was not sent");
    }
    OutgoingEntry entry = new OutgoingEntry(settings.streamOf(envelope.type()), envelope.type(),
        WRITER.toJson(envelope), envelope.id());
    if (buffer != null && buffer.appendIfWaiting(entry)) {
      return;
    }
    try {
      sendNow(entry);
    } catch (RuntimeException | ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      connections.down("publishing failed: " + cause);
      if (buffer != null && !(cause instanceof RedisCommandExecutionException)) {
        buffer.append(entry, cause);
        return;
      }
      throw new TransportException("Could not publish " + entry + " to Redis stream "
          + entry.stream() + " at " + connections.where() + ": " + cause
          + ". Check that Redis is up and reachable, or configure ConnectionLoss.buffer(n)", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("Interrupted while publishing " + entry + " to "
          + entry.stream(), e);
    }
  }

  /** One {@code XADD}, awaited up to the publish timeout. */
  private void sendNow(OutgoingEntry entry)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<String, byte[]> body = new HashMap<>(4);
    body.put(RedisTransport.TYPE, entry.type().getBytes(UTF_8));
    body.put(RedisTransport.EVENT, entry.json());
    connections.shared().async()
        .xadd(entry.stream(), settings.retention.xaddArgs(settings.clock), body)
        .get(settings.publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    connections.up();
  }

  /**
   * Gives buffered envelopes up to the publish timeout to reach Redis, then refuses new ones and
   * reports those still buffered: they are lost.
   */
  void close() {
    if (buffer != null) {
      buffer.awaitEmpty(settings.publishTimeout);
    }
    closed = true;
    if (buffer == null) {
      return;
    }
    List<OutgoingEntry> lost = buffer.close();
    if (!lost.isEmpty()) {
      log.error("RedisTransport closed with {} published envelopes still buffered: Redis never came"
          + " back; they are lost: {}", lost.size(), lost);
    }
  }
}
