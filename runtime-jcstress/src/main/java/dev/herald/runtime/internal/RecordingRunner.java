package dev.herald.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The bus's part for {@link OrderedLanes} under test. It records the attempts it makes, in order,
 * and whether one began while another of the same key was still running; a task's outcome comes at
 * once (inside its attempt) or, for a {@linkplain #lateTask late task}, when the test calls {@link
 * #complete}; it records the tasks it is told will never run, too. Tasks are named by a letter;
 * unnamed tasks (a test's setup) finish at once and go unrecorded.
 *
 * <p>Tasks are named before the actors start: jcstress publishes the state to them safely.
 */
final class RecordingRunner implements OrderedLanes.Runner {

  /** Attempts (and refusals) recorded; a test makes far fewer. */
  private static final int MOST_ATTEMPTS = 8;
  private static final int MOST_KEYS = 2;

  /** A task the test named: how its outcome comes, and which key it has. */
  private record Named(DeliveryTask task, String name, boolean late, int key) {}

  private final List<Named> named = new ArrayList<>();
  /** The attempts made, in the order they began. */
  private final AtomicReferenceArray<Named> attempts = new AtomicReferenceArray<>(MOST_ATTEMPTS);
  private final AtomicInteger attempted = new AtomicInteger();
  /** The tasks refused, in the order they were. */
  private final AtomicReferenceArray<Named> refusals = new AtomicReferenceArray<>(MOST_ATTEMPTS);
  private final AtomicInteger refused = new AtomicInteger();
  /** Per key, named tasks attempted and not yet at their outcome. */
  private final AtomicIntegerArray running = new AtomicIntegerArray(MOST_KEYS);
  private volatile boolean overlapped;
  /** The late task whose attempt began most recently. */
  private volatile DeliveryTask started;

  /** A task whose outcome comes as soon as its attempt begins. */
  DeliveryTask task(String name) {
    return add(name, false, 0);
  }

  /**
   * A task whose outcome comes as soon as its attempt begins, of the {@code key}th key (0 or 1): it
   * may run beside the other key's tasks.
   */
  DeliveryTask task(String name, int key) {
    return add(name, false, key);
  }

  /** A task whose outcome comes when the test calls {@link #complete}. */
  DeliveryTask lateTask(String name) {
    return add(name, true, 0);
  }

  private DeliveryTask add(String name, boolean late, int key) {
    DeliveryTask task = new DeliveryTask(null, null, null);
    named.add(new Named(task, name, late, key));
    return task;
  }

  /** What the test said of {@code task}, or null for an unnamed one. */
  private Named find(DeliveryTask task) {
    for (Named candidate : named) {
      if (candidate.task() == task) {
        return candidate;
      }
    }
    return null;
  }

  @Override
  public long attempt(DeliveryTask task, long now, int worker) {
    Named it = find(task);
    if (it == null) {
      task.releaseLane();
      return 0;
    }
    if (running.getAndIncrement(it.key()) != 0) {
      overlapped = true;
    }
    log(attempts, attempted, it);
    if (it.late()) {
      started = task;
    } else {
      task.finish(); // the outcome is claimed, as the bus's would be, before the lane is freed
      complete(task);
    }
    return 0;
  }

  @Override
  public void refused(DeliveryTask task, RejectedExecutionException why) {
    Named it = find(task);
    if (it != null) {
      log(refusals, refused, it);
    }
  }

  private static void log(AtomicReferenceArray<Named> log, AtomicInteger logged, Named it) {
    int slot = logged.getAndIncrement();
    if (slot < MOST_ATTEMPTS) {
      log.set(slot, it);
    }
  }

  /**
   * The outcome of {@code task}, whose caller claimed it ({@link DeliveryTask#finish}): it stops
   * running and frees its lane, as the bus's outcome does.
   */
  void complete(DeliveryTask task) {
    running.decrementAndGet(find(task).key());
    task.releaseLane();
  }

  /** Waits until the attempt of late {@code task} has begun (the turn runs on another actor). */
  void awaitStarted(DeliveryTask task) {
    while (started != task) {
      Thread.onSpinWait();
    }
  }

  /**
   * The names of the tasks attempted so far, in order (a task attempted twice appears twice), or
   * "-", then what went wrong, if anything: an attempt while another of its key ran, a refusal.
   */
  String attempts() {
    String out = names(attempts, attempted);
    if (overlapped) {
      out += " (two of one key at once)";
    }
    if (refused.get() > 0) {
      out += " (refused " + names(refusals, refused) + ")";
    }
    return out;
  }

  /** The names of the tasks refused so far, in order, or "-". */
  String refusals() {
    return names(refusals, refused);
  }

  private static String names(AtomicReferenceArray<Named> log, AtomicInteger logged) {
    StringBuilder out = new StringBuilder();
    int count = Math.min(logged.get(), MOST_ATTEMPTS);
    for (int i = 0; i < count; i++) {
      out.append(log.get(i).name());
    }
    if (logged.get() > MOST_ATTEMPTS) {
      out.append("...");
    }
    return out.length() == 0 ? "-" : out.toString();
  }
}
