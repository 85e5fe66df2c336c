package dev.herald.runtime.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A retry scheduler whose backoffs end when the test says so: it remembers each delay asked for
 * and holds each retry until {@link #elapseAll()}. A real timer would race the test's thread (a
 * 1 ms retry can land while the test is still looking at the first attempt).
 */
final class HeldRetries extends ScheduledThreadPoolExecutor {

  /** Each delay asked for, in nanoseconds, in the order asked. */
  final List<Long> delaysNanos = new CopyOnWriteArrayList<>();
  private final Queue<Runnable> held = new ArrayDeque<>();

  HeldRetries() {
    super(1);
  }

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    if (isShutdown()) {
      throw new RejectedExecutionException("shut down");
    }
    delaysNanos.add(unit.toNanos(delay));
    held.add(command);
    return null; // Outcomes never cancels a scheduled retry
  }

  /** Ends every backoff now: each held retry is handed on, on the caller's thread. */
  void elapseAll() {
    for (Runnable next; (next = poll()) != null; ) {
      next.run();
    }
  }

  private synchronized Runnable poll() {
    return held.poll();
  }
}
