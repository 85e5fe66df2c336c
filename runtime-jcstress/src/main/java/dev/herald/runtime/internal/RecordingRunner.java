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
 * #complete}. Tasks are named by a letter; unnamed tasks (a test's setup) finish at once and go
 * unrecorded.
 *
 * <p>Tasks are named before the actors start: jcstress publishes the state to them safely.
 */
final class RecordingRunner implements OrderedLanes.Runner {

  private static final int MOST_ATTEMPTS = 8;
  private static final int MOST_KEYS = 2;

  private final List<DeliveryTask> tasks = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private final List<Boolean> late = new ArrayList<>();
  private final List<Integer> keys = new ArrayList<>();
  /** The attempts made, in the order they began. */
  private final AtomicReferenceArray<DeliveryTask> attempts =
      new AtomicReferenceArray<>(MOST_ATTEMPTS);
  private final AtomicInteger attempted = new AtomicInteger();
  /** Per key, named tasks attempted and not yet at their outcome. */
  private final AtomicIntegerArray running = new AtomicIntegerArray(MOST_KEYS);
  private volatile boolean overlapped;
  private volatile boolean refused;
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

  private DeliveryTask add(String name, boolean isLate, int key) {
    DeliveryTask task = new DeliveryTask(null, null, null);
    tasks.add(task);
    names.add(name);
    late.add(isLate);
    keys.add(key);
    return task;
  }

  @Override
  public long attempt(DeliveryTask task, long now) {
    int index = tasks.indexOf(task);
    if (index < 0) {
      task.releaseLane.run();
      return 0;
    }
    if (running.getAndIncrement(keys.get(index)) != 0) {
      overlapped = true;
    }
    int slot = attempted.getAndIncrement();
    if (slot < MOST_ATTEMPTS) {
      attempts.set(slot, task);
    }
    if (late.get(index)) {
      started = task;
    } else {
      task.finish(); // the outcome is claimed, as the bus's would be, before the lane is freed
      complete(task);
    }
    return 0;
  }

  @Override
  public void refused(DeliveryTask task, RejectedExecutionException why) {
    refused = true;
  }

  /**
   * The outcome of {@code task}, whose caller claimed it ({@link DeliveryTask#finish}): it stops
   * running and frees its lane, as the bus's outcome does.
   */
  void complete(DeliveryTask task) {
    running.decrementAndGet(keys.get(tasks.indexOf(task)));
    task.releaseLane.run();
  }

  /** Waits until the attempt of late {@code task} has begun (the turn runs on another actor). */
  void awaitStarted(DeliveryTask task) {
    while (started != task) {
      Thread.onSpinWait();
    }
  }

  /**
   * The names of the tasks attempted so far, in order (a task attempted twice appears twice), then
   * what went wrong, if anything: an attempt while another ran, a refusal.
   */
  String attempts() {
    StringBuilder out = new StringBuilder();
    int made = Math.min(attempted.get(), MOST_ATTEMPTS);
    for (int i = 0; i < made; i++) {
      out.append(names.get(tasks.indexOf(attempts.get(i))));
    }
    if (attempted.get() > MOST_ATTEMPTS) {
      out.append("...");
    }
    if (out.length() == 0) {
      out.append('-');
    }
    if (overlapped) {
      out.append(" (two of one key at once)");
    }
    if (refused) {
      out.append(" (refused)");
    }
    return out.toString();
  }
}
