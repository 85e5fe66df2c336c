package dev.herald.runtime.internal;

import dev.herald.runtime.EventBus;
import dev.herald.runtime.deadletter.DeadLetter;
import dev.herald.runtime.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a bus: stops its transport while the bus still delivers, refuses new work, waits for the
 * deliveries under way, and dead-letters those still unfinished when the time is up, wherever they
 * wait: the workers' queue and hands, the ORDERED lanes, the in-flight set.
 */
final class Shutdown {

  private static final Logger log = LoggerFactory.getLogger(EventBus.class);

  private final String source;
  /** Null without a transport. */
  private final Transport transport;
  private final Admission admission;
  private final RouteRegistry registry;
  private final InFlight inFlight;
  private final Outcomes outcomes;
  private final ScheduledExecutorService retries;
  /** Null when the bus runs on an executor of the application's. */
  private final BusWorkers workers;

  Shutdown(String source, Transport transport, Admission admission, RouteRegistry registry,
      InFlight inFlight, Outcomes outcomes, ScheduledExecutorService retries, BusWorkers workers) {
    this.source = source;
    this.transport = transport;
    this.admission = admission;
    this.registry = registry;
    this.inFlight = inFlight;
    this.outcomes = outcomes;
    this.retries = retries;
    this.workers = workers;
  }

  /** Closes the bus; true if every delivery finished within {@code timeout}. */
  boolean close(Duration timeout) {
    if (transport != null && !admission.isClosed()) {
      // First, while the bus still delivers: the transport stops receiving and settles what it
      // handed in.
      try {
        transport.close();
      } catch (RuntimeException e) {
        log.error("EventBus '{}' could not close its transport {}", source, transport, e);
      }
    }
    admission.close();
    registry.flushBatches(); // a batch being filled is delivered now, not after its wait
    boolean drained;
    try {
      drained = admission.awaitIdle(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      drained = false;
    }
    if (!drained) {
      deadLetterUnfinished(timeout);
    }
    retries.shutdownNow(); // with it the timers of batches being filled
    if (workers != null) {
      workers.shutdownNow(); // refuses (dead-letters) whatever a racing publish queued
    }
    // A delivery that joined a batch after the first flush (a racing publish) lost its timer
    // with the scheduler: its batch goes now, to be refused and dead-lettered by the workers.
    registry.closeBatches();
    return drained;
  }

  private void deadLetterUnfinished(Duration timeout) {
    List<DeliveryTask> unfinished = new ArrayList<>();
    if (workers != null) {
      workers.shutdown(task -> {
        if (task instanceof DeliveryTask delivery) {
          unfinished.add(delivery); // a lane's turn is not: its tasks are in the lane
        }
      });
    }
    for (OrderedLanes lanes : registry.orderedLanes()) {
      lanes.collect(unfinished);
    }
    unfinished.addAll(inFlight.snapshot());
    // Claim every outcome before recording any: recording one frees its ORDERED lane, which
    // would otherwise start the next queued delivery that is about to be dead-lettered too.
    // (A task found twice is claimed once.)
    List<DeliveryTask> claimed = unfinished.stream().filter(DeliveryTask::finish).toList();
    log.error("EventBus '{}' closed with {} deliveries unfinished after {}; dead-lettering them",
        source, claimed.size(), timeout);
    for (DeliveryTask task : claimed) {
      outcomes.record(task, DeadLetter.Reason.SHUTDOWN, null);
    }
  }
}
