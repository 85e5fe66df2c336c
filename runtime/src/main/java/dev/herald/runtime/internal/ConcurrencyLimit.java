package dev.herald.runtime.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code limit} deliveries of one ASYNC subscriber in progress at once, each from its first
 * attempt to its outcome (retries included, as a delivery holds its ORDERED lane). A delivery
 * beyond the limit waits here, in arrival order, and goes to the executor when one in progress
 * reaches its outcome: the outcome frees the permit through the hook a lane uses
 * ({@link DeliveryTask#holdLane}), so a delivery settled at shutdown while it waits still frees its
 * permit when its turn comes and it finds itself finished.
 *
 * <p>Lock-free: a delivery is queued, then whoever holds or frees a permit drains the queue while
 * permits are free. A submitter that finds none free leaves its delivery to the next release,
 * which reads the queue after giving its permit back, so no delivery is left behind.
 */
final class ConcurrencyLimit {

  private final int limit;
  private final AsyncDispatcher dispatcher;
  private final AtomicInteger inProgress = new AtomicInteger();
  private final Queue<DeliveryTask> waiting = new ConcurrentLinkedQueue<>();
  /** One hook for every delivery: no allocation per delivery. */
  private final Runnable release = this::release;

  ConcurrencyLimit(int limit, AsyncDispatcher dispatcher) {
    this.limit = limit;
    this.dispatcher = dispatcher;
  }

  /** Runs {@code task} now if a permit is free, else once one is. */
  void submit(DeliveryTask task) {
    waiting.offer(task);
    drain();
  }

  /** Deliveries in progress now: at most the limit. */
  int inProgress() {
    return inProgress.get();
  }

  private void release() {
    inProgress.decrementAndGet();
    drain();
  }

  private void drain() {
    while (!waiting.isEmpty()) {
      int now = inProgress.get();
      if (now >= limit) {
        return; // the next release drains
      }
      if (!inProgress.compareAndSet(now, now + 1)) {
        continue;
      }
      DeliveryTask task = waiting.poll();
      if (task == null) {
        inProgress.decrementAndGet(); // another drainer took it; look again
        continue;
      }
      task.holdLane(release);
      dispatcher.execute(task);
    }
  }
}
