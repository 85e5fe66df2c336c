package dev.herald.runtime.internal;

import dev.herald.annotations.FailurePolicy;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.deadletter.DeadLetter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what becomes of a delivery after an attempt: delivered, retried after its subscriber's
 * backoff, or dead-lettered (handed back to its transport, for an envelope a transport received).
 * Each delivery's outcome is claimed once ({@link DeliveryTask#finish}), whoever gets there first:
 * the attempt, its timeout, or shutdown. A final outcome frees what the delivery held: its place in
 * the backlog, its in-flight entry, its ORDERED lane, and a once-subscription.
 */
final class Outcomes {

  private static final Logger log = LoggerFactory.getLogger(EventBus.class);

  private final Clock clock;
  private final Admission admission;
  private final InFlight inFlight;
  private final DeadLettering deadLettering;
  private final Announcements announcements;
  /** Runs retries when their backoff has passed. */
  private final ScheduledExecutorService retries;

  Outcomes(Clock clock, Admission admission, InFlight inFlight, DeadLettering deadLettering,
      Announcements announcements, ScheduledExecutorService retries) {
    this.clock = clock;
    this.admission = admission;
    this.inFlight = inFlight;
    this.deadLettering = deadLettering;
    this.announcements = announcements;
    this.retries = retries;
  }

  /** A SYNC delivery succeeded at its first attempt (and is no task). */
  void deliveredSync(Subscriber subscriber, DeliveryTracker tracker, Series series) {
    if (series != null) {
      series.delivered.increment();
    }
    subscriber.onceDone();
    if (tracker != null) {
      tracker.succeeded();
    }
  }

  /**
   * An attempt of {@code task} succeeded; {@code worker} is the index of the bus's worker counting
   * it, or {@link AsyncCounts#SHARED}.
   */
  void succeeded(DeliveryTask task, int worker) {
    if (task.finish()) {
      if (task.counted) {
        task.delivered(worker); // counts it delivered and no longer pending at once
      } else if (task.series != null) {
        task.series.delivered.increment();
      }
      task.subscriber.onceDone(); // before done(): awaitIdle must see the cancellation
      if (task.tracker != null) {
        task.tracker.succeeded();
      }
      done(task, false);
    }
  }

  /**
   * The first attempt of a delivery the bus took on without a task succeeded, and its worker
   * claimed the outcome: as {@link #succeeded}, for a delivery with no tracker, history entry,
   * in-flight entry or lane.
   */
  void deliveredUntasked(Subscriber subscriber, Series series, int worker) {
    if (series != null) {
      series.async.delivered(worker);
    }
    subscriber.onceDone(); // before the release: awaitIdle must see the cancellation
    admission.release(1);
  }

  /**
   * An attempt of {@code task} failed with {@code error}: it is announced, then retried if its
   * subscriber allows another attempt (and is still active, and the bus open), else dead-lettered,
   * or logged and dropped for a subscriber whose failure policy is {@code LOG}.
   */
  void failed(DeliveryTask task, Throwable error) {
    noteFailure(task, error);
    Subscriber subscriber = task.subscriber;
    boolean retry = task.attempts < subscriber.retry.maxAttempts() && !admission.isClosed()
        && subscriber.isActive();
    announcements.deliveryFailed(task, error, retry);
    if (retry) {
      retry(task, error);
      return;
    }
    failedForGood(task, error, true);
  }

  /**
   * {@code task} failed on its last attempt: dead-lettered, or dropped under {@code LOG}; logged
   * here if {@code logHere} (a batch logs once for all its events).
   */
  void failedForGood(DeliveryTask task, Throwable error, boolean logHere) {
    Subscriber subscriber = task.subscriber;
    if (subscriber.onFailure == FailurePolicy.LOG) {
      if (logHere) {
        log.error("Subscriber {} failed on {} {} (attempt {}); dropped, as its failure"
            + " policy LOG says. Payload: {}", subscriber.name, task.envelope.type(),
            task.envelope.id(), task.attempts, PayloadRenderer.render(task.envelope), error);
      }
      settle(task);
      return;
    }
    if (logHere) {
      log.error("Subscriber {} failed on {} {} after {} attempt(s); dead-lettered."
          + " Payload: {}", subscriber.name, task.envelope.type(), task.envelope.id(),
          task.attempts, PayloadRenderer.render(task.envelope), error);
    }
    finish(task, DeadLetter.Reason.FAILED, error);
  }

  /**
   * The first attempt of a SYNC delivery to a {@code PROPAGATE} subscriber failed: the caller of
   * {@code publish} gets {@code error}, so the delivery is counted and announced as failed, and
   * settled without a retry or a dead letter.
   */
  void settledByCaller(DeliveryTask task, Throwable error) {
    noteFailure(task, error);
    announcements.deliveryFailed(task, error, false);
    log.debug("Subscriber {} failed on {} {}; its failure goes to the publisher",
        task.subscriber.name, task.envelope.type(), task.envelope.id(), error);
    settle(task);
  }

  /** Records a failed attempt on the task and counts it; nothing more. */
  void noteFailure(DeliveryTask task, Throwable error) {
    Instant now = clock.instant();
    if (task.firstFailure == null) {
      task.firstFailure = now;
    }
    task.lastFailure = now;
    task.lastError = error;
    if (task.series != null) {
      task.series.failed.increment();
    }
  }

  /**
   * Settles a failed delivery that goes nowhere (LOG, PROPAGATE): a transport that handed it in
   * hears it was handled, since its subscriber's policy has the last word.
   */
  private void settle(DeliveryTask task) {
    if (task.finish()) {
      if (task.tracked != null) {
        task.tracked.failedForGood = true;
      }
      task.subscriber.onceDone(); // before done(): awaitIdle must see the cancellation
      if (task.tracker != null) {
        task.tracker.succeeded();
      }
      done(task, true);
    }
  }

  /** Schedules the next attempt after the subscriber's backoff. */
  private void retry(DeliveryTask task, Throwable error) {
    Subscriber subscriber = task.subscriber;
    Duration wait = subscriber.retry.backoffAfter(task.attempts);
    log.warn("Subscriber {} failed on {} {} (attempt {} of {}), retrying in {} ms",
        subscriber.name, task.envelope.type(), task.envelope.id(), task.attempts,
        subscriber.retry.maxAttempts(), wait.toMillis(), error);
    if (task.series != null) {
      task.series.retried.increment();
    }
    if (task.tracked != null) {
      task.tracked.waiting.incrementAndGet();
    }
    if (!task.counted) {
      admission.readmit(); // a retry of a SYNC delivery is asynchronous work too
      task.accepted();
    }
    inFlight.add(task); // for close, while it waits in the scheduler
    try {
      retries.schedule(() -> task.dispatcher.execute(task), wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      finish(task, DeadLetter.Reason.SHUTDOWN, error);
    }
  }

  /**
   * Admission refused {@code task} (the queue is full): it is dead-lettered, or handed back to its
   * transport, without an attempt.
   */
  void refused(DeliveryTask task) {
    if (task.tracker != null) {
      log.warn("EventBus '{}' queue is full ({} deliveries); {} {} for {} goes back to its"
          + " transport", admission.source(), admission.capacity(), task.envelope.type(), task.envelope.id(), task.subscriber.name);
      if (task.tracked != null) {
        task.tracked.failedForGood = true;
      }
      task.tracker.failed(task.subscriber.name, DeadLetter.Reason.BACKPRESSURE, null, 0);
      return;
    }
    log.error("EventBus '{}' queue is full ({} deliveries); {} {} for {} was dead-lettered",
        admission.source(), admission.capacity(), task.envelope.type(), task.envelope.id(), task.subscriber.name);
    if (task.tracked != null) {
      task.tracked.deadLettered = true;
    }
    deadLettering.deadLetter(task.envelope, task.subscriber.name, DeadLetter.Reason.BACKPRESSURE);
  }

  /** Dead-letters a delivery that cannot succeed, unless its outcome was claimed already. */
  void finish(DeliveryTask task, DeadLetter.Reason reason, Throwable error) {
    if (task.finish()) {
      record(task, reason, error);
    }
  }

  /** Dead-letters a task whose outcome this caller has claimed, and frees what it held. */
  void record(DeliveryTask task, DeadLetter.Reason reason, Throwable error) {
    Throwable cause = error != null ? error : task.lastError;
    if (task.tracker != null) {
      if (task.tracked != null) {
        task.tracked.failedForGood = true;
      }
      task.tracker.failed(task.subscriber.name, reason, cause, task.attempts);
    } else {
      if (task.tracked != null) {
        task.tracked.deadLettered = true;
      }
      deadLettering.deadLetter(task.envelope, task.subscriber.name, reason, cause, task.attempts,
          task.firstFailure, task.lastFailure);
    }
    task.subscriber.onceDone(); // before done(): awaitIdle must see the cancellation
    done(task, true);
  }

  /**
   * Frees what a finished task held: its place in the backlog (and the pending gauge, unless
   * {@link DeliveryTask#delivered} did that already), its in-flight entry, its ORDERED lane.
   */
  private void done(DeliveryTask task, boolean abandoned) {
    inFlight.remove(task);
    if (task.counted) {
      if (abandoned) {
        task.released();
      }
      admission.release(1);
    }
    task.releaseLane();
  }
}
