package dev.herald.redis;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.TransportException;
import dev.herald.runtime.wire.CloudEvents;
import io.lettuce.core.RedisCommandExecutionException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends published envelopes to their streams: one {@code XADD} per envelope (field
 * {@link RedisTransport#EVENT} with the CloudEvents JSON, {@link RedisTransport#TYPE} with the
 * event name), trimmed by the {@link Retention}, returning once Redis replied, or, for
 * {@link #sendAsync}, with a bound on those in flight. Every thread's {@code XADD}s go through one
 * {@link Appender}, which writes those queued meanwhile as one pipeline. While Redis does not
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
  private final Appender appender;
  /** Room for {@link #sendAsync} calls awaiting Redis's reply. */
  private final Semaphore inFlight;
  /**
   * Replies not yet given back to {@link #inFlight}: they go back {@link #releaseChunk} at a time,
   * so that publishers waiting for room wake once per chunk instead of once per reply.
   */
  private final AtomicInteger answered = new AtomicInteger();
  private final int releaseChunk;
  private volatile boolean closed;

  Publisher(TransportSettings settings, Connections connections) {
    this.settings = settings;
    this.connections = connections;
    this.inFlight = new Semaphore(settings.maxPublishesInFlight);
    // Between three quarters and all of the bound are usable at any time.
    this.releaseChunk = Math.max(1, settings.maxPublishesInFlight / 4);
    this.appender = new Appender(settings, connections);
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
    OutgoingEntry entry = entryOf(envelope);
    if (buffer != null && buffer.appendIfWaiting(entry)) {
      return;
    }
    try {
      sendNow(entry);
    } catch (RuntimeException | ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (!bufferedAfter(entry, cause)) {
        throw failure(entry, cause);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("Interrupted while publishing " + entry + " to "
          + entry.stream(), e);
    }
  }

  /**
   * Sends as {@link #send} does without waiting for Redis's reply: {@code XADD}s from every thread
   * go pipelined on the shared connection, at most {@code maxPublishesInFlight} at once; beyond
   * that the caller waits, up to the publish timeout, for room.
   */
  CompletionStage<Void> sendAsync(Envelope<?> envelope) {
    OutgoingEntry entry;
    try {
      entry = entryOf(envelope);
      if (buffer != null && buffer.appendIfWaiting(entry)) {
        return CompletableFuture.completedFuture(null);
      }
      awaitRoom(entry);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Void> sent = new CompletableFuture<>();
    appender.append(entry).orTimeout(settings.publishTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((id, error) -> {
          try {
            if (error == null) {
              connections.up();
              sent.complete(null);
            } else {
              Throwable cause = error instanceof CompletionException ? error.getCause() : error;
              if (bufferedAfter(entry, cause)) {
                sent.complete(null);
              } else {
                sent.completeExceptionally(failure(entry, cause));
              }
            }
          } finally {
            answered(); // after the stage completed: its callbacks run before more come in
          }
        });
    return sent;
  }

  /** Gives room back for one answered publish, a chunk at a time. */
  private void answered() {
    int unreleased = answered.incrementAndGet();
    while (unreleased >= releaseChunk) {
      if (answered.compareAndSet(unreleased, unreleased - releaseChunk)) {
        inFlight.release(releaseChunk);
        unreleased -= releaseChunk;
      } else {
        unreleased = answered.get();
      }
    }
  }

  private OutgoingEntry entryOf(Envelope<?> envelope) {
    if (closed) {
      throw new TransportException("RedisTransport to " + connections.where() + " is closed; "
          + envelope.type() + " " + envelope.id() + " was not sent");
    }
    return new OutgoingEntry(settings.streamOf(envelope.type()), envelope.type(),
        WRITER.toJson(envelope), envelope.id());
  }

  /** Waits for room among the publishes in flight, up to the publish timeout. */
  private void awaitRoom(OutgoingEntry entry) {
    try {
      if (!inFlight.tryAcquire(settings.publishTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TransportException("Could not publish " + entry + ": "
            + settings.maxPublishesInFlight + " publishes stayed in flight to Redis at "
            + connections.where() + " for " + settings.publishTimeout + ". Check that Redis keeps"
            + " up, or raise maxPublishesInFlight");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("Interrupted while publishing " + entry + " to "
          + entry.stream(), e);
    }
  }

  /**
   * After a failed {@code XADD}: marks Redis down and, if this transport buffers and the failure
   * was the connection's (not an error Redis returned), buffers the entry; true if it did.
   */
  private boolean bufferedAfter(OutgoingEntry entry, Throwable cause) {
    connections.down("publishing failed: " + cause);
    if (buffer != null && !(cause instanceof RedisCommandExecutionException)) {
      buffer.append(entry, cause);
      return true;
    }
    return false;
  }

  private TransportException failure(OutgoingEntry entry, Throwable cause) {
    return new TransportException("Could not publish " + entry + " to Redis stream "
        + entry.stream() + " at " + connections.where() + ": " + cause
        + ". Check that Redis is up and reachable, or configure ConnectionLoss.buffer(n)", cause);
  }

  /** One {@code XADD}, written with the others queued meanwhile, awaited up to the timeout. */
  private void sendNow(OutgoingEntry entry)
      throws InterruptedException, ExecutionException, TimeoutException {
    CompletableFuture<String> written = appender.append(entry);
    try {
      written.get(settings.publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      written.completeExceptionally(e); // if still queued, it is not written after all
      throw e;
    }
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
    appender.close(settings.publishTimeout);
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
