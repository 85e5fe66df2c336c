package dev.herald.jdbc;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.deadletter.DeadLetterStore;
import dev.herald.runtime.wire.CloudEvents;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay: one thread that claims due entries, hands each to the sink, completes the delivered
 * ones in one transaction and reschedules or fails the others. It runs at once when woken (an entry
 * was committed in this process), polls quickly while entries this process wrote have not shown up
 * yet (their transaction may still be open), and otherwise every poll interval, which is how it finds
 * entries left by a crash or written by other instances.
 */
final class OutboxRelay {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  /** How often to look while an entry this process wrote is expected. */
  private static final long FAST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  /** How long to expect an entry this process wrote; a rolled-back one never shows up. */
  private static final long EXPECT_NANOS = TimeUnit.SECONDS.toNanos(2);
  static final String SUBSCRIBER = "outbox relay";

  private final OutboxTable table;
  private final Outbox.Settings settings;
  private final CloudEvents contracts;
  private final DeadLetterStore deadLetters;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition woken = lock.newCondition();
  /** Ids of entries written here, by the nano time they were written, until the relay claims them. */
  private final Map<String, Long> expected = new ConcurrentHashMap<>();
  private boolean wake;
  private volatile boolean stopping;
  private long lastSweep;
  private volatile Thread thread;

  OutboxRelay(OutboxTable table, Outbox.Settings settings, CloudEvents contracts,
      DeadLetterStore deadLetters, Clock clock) {
    this.table = table;
    this.settings = settings;
    this.contracts = contracts;
    this.deadLetters = deadLetters;
    this.clock = clock;
  }

  synchronized void start() {
    if (thread == null) {
      thread = new Thread(this::run, "herald-outbox-relay-" + settings.instance());
      thread.setDaemon(true);
      thread.start();
    }
  }

  /**
   * An entry was written in a transaction that may not have committed yet: the running relay polls
   * quickly for a moment. Without the thread, whoever calls {@link #relayOnce} decides when.
   */
  void expect(String eventId) {
    if (thread == null) {
      return;
    }
    expected.put(eventId, System.nanoTime());
    wake();
  }

  /** Runs a pass now: something committed. */
  void wake() {
    lock.lock();
    try {
      wake = true;
      woken.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Stops the thread after its current pass; returns whether it stopped within {@code timeout}. */
  boolean stop(Duration timeout) throws InterruptedException {
    stopping = true;
    wake();
    Thread running;
    synchronized (this) {
      running = thread;
    }
    if (running == null) {
      return true;
    }
    running.join(Math.max(1, timeout.toMillis()));
    return !running.isAlive();
  }

  private void run() {
    lastSweep = System.nanoTime();
    while (!stopping) {
      int claimed;
      try {
        claimed = relayOnce();
        sweepWhenDue();
      } catch (RuntimeException | LinkageError | AssertionError e) {
        // Entries it claimed stay leased until the lease runs out, then are relayed again.
        log.error("The outbox relay on {} failed a pass; it tries again in {}",
            table.description(), settings.pollInterval(), e);
        claimed = 0;
      }
      if (claimed < settings.batchSize()) {
        await();
      }
    }
  }

  /**
   * One pass: claims a batch and settles every entry of it.
   *
   * @return how many entries were claimed
   */
  int relayOnce() {
    Instant now = clock.instant();
    List<OutboxTable.Claimed> batch = table.claim(settings.instance(), now,
        now.plus(settings.lease()), settings.batchSize());
    List<String> delivered = new ArrayList<>(batch.size());
    for (OutboxTable.Claimed entry : batch) {
      expected.remove(entry.eventId());
      Envelope<?> envelope = null;
      try {
        envelope = contracts.fromJson(entry.json().getBytes(StandardCharsets.UTF_8));
        settings.sink().send(envelope);
        delivered.add(entry.eventId());
      } catch (Exception | LinkageError | AssertionError e) { // a sink's bug fails its entry
        failed(entry, envelope, e);
      }
    }
    table.complete(delivered, settings.completion(), clock.instant());
    return batch.size();
  }

  /** Reschedules an entry whose attempt failed, or fails and dead-letters it after the last. */
  private void failed(OutboxTable.Claimed entry, Envelope<?> envelope, Throwable error) {
    Instant now = clock.instant();
    String message = bounded(error.getClass().getName() + ": " + error.getMessage());
    RetryPolicy retry = settings.retry();
    boolean undecodable = envelope == null;
    if (!undecodable && entry.attempt() < retry.maxAttempts()) {
      Duration backoff = retry.backoffAfter(entry.attempt());
      log.warn("Outbox entry {} ({}) failed attempt {} of {}; next in {}: {}", entry.eventId(),
          entry.eventType(), entry.attempt(), retry.maxAttempts(), backoff, message);
      table.retryLater(entry, message, now, now.plus(backoff));
      return;
    }
    table.fail(entry, message, now);
    if (undecodable) {
      log.error("Outbox entry {} ({}) cannot be decoded with this bus's contracts and is marked"
          + " FAILED without a dead letter; fix the contracts, then resubmit it", entry.eventId(),
          entry.eventType(), error);
      return;
    }
    log.error("Outbox entry {} ({}) failed its last attempt ({}) and is marked FAILED and"
        + " dead-lettered: {}", entry.eventId(), entry.eventType(), entry.attempt(), message);
    Instant first = entry.firstFailure() == null ? now : Instant.parse(entry.firstFailure());
    try {
      deadLetters.add(new DeadLetter("dlq_outbox_" + entry.eventId(), envelope, SUBSCRIBER,
          DeadLetter.Reason.FAILED, error.getClass().getName(), error.getMessage(),
          stackTrace(error), entry.attempt(), first, now));
    } catch (RuntimeException e) {
      log.error("Could not dead-letter failed outbox entry {}; it stays FAILED in the outbox",
          entry.eventId(), e);
    }
  }

  private void sweepWhenDue() {
    if (settings.retention() == null
        || System.nanoTime() - lastSweep < settings.sweepInterval().toNanos()) {
      return;
    }
    lastSweep = System.nanoTime();
    int swept = table.sweep(clock.instant().minus(settings.retention()));
    if (swept > 0) {
      log.debug("Outbox sweep deleted {} completed entries older than {}", swept,
          settings.retention());
    }
  }

  /** Waits for a wake-up, the fast poll while an entry is expected, or the poll interval. */
  private void await() {
    long wait = settings.pollInterval().toNanos();
    long now = System.nanoTime();
    expected.values().removeIf(written -> now - written > EXPECT_NANOS);
    if (!expected.isEmpty()) {
      wait = Math.min(wait, FAST_POLL_NANOS);
    }
    lock.lock();
    try {
      while (!wake && !stopping && wait > 0) {
        wait = woken.awaitNanos(wait);
      }
      wake = false;
    } catch (InterruptedException e) {
      stopping = true;
    } finally {
      lock.unlock();
    }
  }

  private static String bounded(String text) {
    return text.length() <= OutboxTable.MAX_ERROR ? text
        : text.substring(0, OutboxTable.MAX_ERROR) + "… (cut)";
  }

  private static String stackTrace(Throwable error) {
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    String text = trace.toString();
    return text.length() <= 16 * 1024 ? text : text.substring(0, 16 * 1024) + "… (cut)";
  }
}
