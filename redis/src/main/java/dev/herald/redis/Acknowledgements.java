package dev.herald.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entries whose deliveries succeeded, queued by the threads that settle them and sent by the
 * consumer thread in one pipelined {@code XACK} per stream before each read. An entry that failed
 * to be acknowledged stays pending and is delivered again: at least once.
 */
final class Acknowledgements {

  // Under the transport's name, where users configure it.
  private static final Logger log = LoggerFactory.getLogger(RedisTransport.class);

  private final Connections connections;
  private final String group;
  private final ConcurrentLinkedQueue<Ack> queue = new ConcurrentLinkedQueue<>();

  Acknowledgements(Connections connections, String group) {
    this.connections = connections;
    this.group = group;
  }

  void add(String stream, String entry) {
    queue.add(new Ack(stream, entry));
  }

  /** Whether this entry waits to be acknowledged: settled, so not to be claimed as abandoned. */
  boolean isQueued(String stream, String entry) {
    return queue.contains(new Ack(stream, entry));
  }

  /** How many entries wait to be acknowledged. */
  int queued() {
    return queue.size();
  }

  /** Sends what was queued since the last call; completes when Redis has answered it all. */
  CompletableFuture<Void> flush() {
    if (queue.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    Map<String, List<String>> byStream = new HashMap<>();
    for (Ack ack; (ack = queue.poll()) != null; ) {
      byStream.computeIfAbsent(ack.stream, s -> new ArrayList<>()).add(ack.entry);
    }
    List<CompletableFuture<?>> sent = new ArrayList<>(byStream.size());
    byStream.forEach((stream, ids) -> sent.add(connections.shared().async()
        .xack(stream, group, ids.toArray(String[]::new)).whenComplete((n, e) -> {
          if (e != null) {
            log.warn("RedisTransport could not acknowledge {} entries of {}: {}; they stay pending"
                + " and will be delivered again", ids.size(), stream, e.toString());
          }
        }).toCompletableFuture()));
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  /**
   * Sends what was queued and waits up to {@code timeout} for Redis's answers: afterwards no entry
   * that settled before this call looks abandoned. A failure was logged by {@link #flush} already.
   */
  void flushAndAwait(Duration timeout) throws InterruptedException {
    try {
      flush().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.debug("RedisTransport goes on without all acknowledgements answered: {}", e.toString());
    }
  }

  private record Ack(String stream, String entry) {}
}
