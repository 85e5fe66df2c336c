package dev.herald.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * Writes the {@code XADD}s of every publishing thread to Redis in batches on a connection of its
 * own, the way {@code redis-benchmark -P n} pipelines: a batch is one write (Lettuce's manual
 * flush), so a burst costs the client, the kernel and Redis one write and one read instead of one
 * per entry.
 *
 * <p>When: at most {@link #MAX_UNANSWERED} batches wait for Redis's replies at once. A publish
 * that finds room is written at once, on the caller's thread, with whatever else was queued: a lone
 * publish waits for nothing. One that finds none stays queued, and the reply that frees room wakes
 * the appender's thread, which writes everything queued meanwhile as the next batch. So batches
 * grow with the load, by themselves, and no caller writes more than {@link #MAX_UNANSWERED}
 * batches for others.
 *
 * <p>Order: writing happens under one flag, in queue order, and never on Lettuce's I/O threads
 * (a publish made there is left to the appender's thread): a write from any other thread becomes
 * a task on the connection's event loop, in the order written, where one made on the event loop
 * would overtake those tasks. So one thread's entries reach Redis in the order it queued them. An
 * entry whose publish already failed (it timed out in the queue) is not written.
 */
final class Appender {

  /** Batches written and not answered yet, at most: one in Redis, one on its way. */
  static final int MAX_UNANSWERED = 2;
  /** The most entries in one write: bounds the work and the buffer Lettuce encodes into. */
  static final int MAX_BATCH = 512;

  private final TransportSettings settings;
  private final Connections connections;
  private final Queue<Append> queue = new ConcurrentLinkedQueue<>();
  /** Held by whoever writes, the only one to touch {@link #connection}. */
  private final AtomicBoolean writing = new AtomicBoolean();
  private final AtomicInteger unanswered = new AtomicInteger();
  private final AtomicBoolean started = new AtomicBoolean();
  private final Thread thread;
  /** Run by the last reply of a batch, on Lettuce's thread: room for the next. */
  private final BiConsumer<Object, Throwable> batchAnswered = (reply, error) -> {
    unanswered.decrementAndGet();
    if (!queue.isEmpty()) {
      wakeWriter();
    }
  };
  private volatile boolean running = true;
  private StatefulRedisConnection<String, byte[]> connection; // guarded by writing

  Appender(TransportSettings settings, Connections connections) {
    this.settings = settings;
    this.connections = connections;
    this.thread = new Thread(this::run, "herald-redis-publisher-" + settings.namespace);
    this.thread.setDaemon(true);
  }

  /**
   * Queues {@code entry}, written at once if there is room; the future completes with the entry's
   * stream id when Redis has it, or fails as the {@code XADD} did (the connection's error, or
   * Redis's).
   */
  CompletableFuture<String> append(OutgoingEntry entry) {
    Append append = new Append(entry);
    if (!running) {
      append.completeExceptionally(new IllegalStateException("closed"));
      return append;
    }
    queue.offer(append);
    if (Thread.currentThread() instanceof FastThreadLocalThread) {
      wakeWriter(); // maybe Lettuce's event loop: a write here would overtake those queued to it
    } else {
      writeIfRoom();
    }
    return append;
  }

  /**
   * Writes batches while entries are queued, room is left and no one else writes; whoever holds
   * the flag checks again after releasing it, so an entry queued meanwhile is not left behind.
   */
  private void writeIfRoom() {
    while (!queue.isEmpty() && unanswered.get() < MAX_UNANSWERED
        && writing.compareAndSet(false, true)) {
      try {
        writeBatch();
      } finally {
        writing.set(false);
      }
    }
  }

  private void wakeWriter() {
    if (!started.get() && started.compareAndSet(false, true)) {
      thread.start();
    } else {
      LockSupport.unpark(thread);
    }
  }

  /**
   * The appender's thread: writes what the replies made room for, then waits to be woken. Parking
   * loses no wake-up: an unpark that came first makes the park return at once.
   */
  private void run() {
    while (running || !queue.isEmpty()) {
      writeIfRoom();
      LockSupport.park(this);
    }
  }

  /** Writes up to {@link #MAX_BATCH} queued entries, flushed once; the caller holds the flag. */
  private void writeBatch() {
    Append first = nextToWrite();
    if (first == null) {
      return;
    }
    RedisAsyncCommands<String, byte[]> commands;
    try {
      commands = connection().async();
    } catch (RuntimeException e) { // Redis away: each fails as its own XADD would have
      first.completeExceptionally(e);
      for (int n = 1; n < MAX_BATCH; n++) {
        Append next = queue.poll();
        if (next == null) {
          break;
        }
        next.completeExceptionally(e);
      }
      return;
    }
    unanswered.incrementAndGet(); // before any reply can come
    XAddArgs args = settings.retention.xaddArgs(settings.clock); // the same for one batch
    CompletableFuture<String> last = null;
    int count = 0;
    for (Append append = first; append != null; ) {
      try {
        last = commands.xadd(append.entry.stream(), args, bodyOf(append.entry))
            .toCompletableFuture();
        last.whenComplete(append);
      } catch (RuntimeException e) {
        append.completeExceptionally(e);
      }
      append = ++count < MAX_BATCH ? nextToWrite() : null;
    }
    try {
      connection.flushCommands();
    } catch (RuntimeException e) { // the commands fail by themselves when the connection does
      connections.down("publishing failed: " + e);
    }
    if (last != null) {
      last.whenComplete(batchAnswered); // replies come in order: the last one answers the batch
    } else {
      unanswered.decrementAndGet();
    }
  }

  /** The next queued entry whose publish is still waiting; skips those that timed out. */
  private Append nextToWrite() {
    for (Append next; (next = queue.poll()) != null; ) {
      if (!next.isDone()) {
        return next;
      }
    }
    return null;
  }

  private StatefulRedisConnection<String, byte[]> connection() {
    if (connection == null) {
      StatefulRedisConnection<String, byte[]> opened = connections.dedicated();
      opened.setAutoFlushCommands(false);
      // A batch Redis never answers frees its room when its commands time out: after the
      // publishes queued behind it failed, so that they are not written late.
      opened.setTimeout(settings.publishTimeout.multipliedBy(2));
      connection = opened;
    }
    return connection;
  }

  private static Map<String, byte[]> bodyOf(OutgoingEntry entry) {
    Map<String, byte[]> body = new HashMap<>(4);
    body.put(RedisTransport.TYPE, entry.type().getBytes(UTF_8));
    body.put(RedisTransport.EVENT, entry.json());
    return body;
  }

  /**
   * Takes no more entries and waits up to {@code timeout} for those queued to be written and
   * answered; those still queued then fail. The transport closes the connection afterwards.
   */
  void close(Duration timeout) {
    running = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    while ((!queue.isEmpty() || unanswered.get() > 0) && System.nanoTime() - deadline < 0) {
      writeIfRoom();
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Append left; (left = queue.poll()) != null; ) {
      left.completeExceptionally(new IllegalStateException("closed before it was written"));
    }
    if (started.get()) {
      LockSupport.unpark(thread); // finds the queue empty, and ends
    }
  }

  /** One queued entry and its outcome, completed by the {@code XADD}'s reply. */
  private static final class Append extends CompletableFuture<String>
      implements BiConsumer<String, Throwable> {

    final OutgoingEntry entry;

    Append(OutgoingEntry entry) {
      this.entry = entry;
    }

    @Override
    public void accept(String id, Throwable error) {
      if (error == null) {
        complete(id);
      } else {
        completeExceptionally(error);
      }
    }
  }
}
