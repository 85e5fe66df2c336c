package dev.herald.runtime.internal;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * First-in first-out lanes, one per ordering key, for one ORDERED subscriber: tasks of one key run one
 * after another (the next starts when the previous one reports it is done, which may be after retries
 * or an asynchronous completion), tasks of different keys run in parallel on the executor. Idle lanes
 * are removed, so keys do not accumulate.
 */
final class OrderedLanes {

  /** A unit of work that calls {@code done} exactly once when its outcome is final. */
  interface Task {
    void run(Runnable done);
  }

  private final Executor executor;
  private final ConcurrentHashMap<Object, Lane> lanes = new ConcurrentHashMap<>();

  OrderedLanes(Executor executor) {
    this.executor = executor;
  }

  /** Queues {@code task} behind the tasks of the same key. */
  void submit(Object key, Task task) {
    boolean[] start = new boolean[1];
    Lane lane = lanes.compute(key, (k, existing) -> {
      Lane l = existing != null ? existing : new Lane(k);
      start[0] = l.enqueue(task);
      return l;
    });
    if (start[0]) {
      lane.startNext();
    }
  }

  /** Lanes with queued or running work, for diagnostics and tests. */
  int activeLanes() {
    return lanes.size();
  }

  private final class Lane {
    private final Object key;
    private final ArrayDeque<Task> tasks = new ArrayDeque<>();
    private boolean running;

    Lane(Object key) {
      this.key = key;
    }

    /** Adds a task; true when the lane was idle and must be started. Called inside compute. */
    synchronized boolean enqueue(Task task) {
      tasks.add(task);
      if (running) {
        return false;
      }
      running = true;
      return true;
    }

    void startNext() {
      Task next;
      synchronized (this) {
        next = tasks.poll();
      }
      if (next == null) {
        retireIfIdle();
        return;
      }
      Task task = next;
      executor.execute(() -> task.run(this::startNext));
    }

    /** Removes the lane if nothing arrived meanwhile; else keeps going. */
    private void retireIfIdle() {
      boolean[] more = new boolean[1];
      lanes.computeIfPresent(key, (k, lane) -> {
        synchronized (lane) {
          if (lane.tasks.isEmpty()) {
            lane.running = false;
            return lane == this ? null : lane;
          }
          more[0] = true;
          return lane;
        }
      });
      if (more[0]) {
        startNext();
      }
    }
  }
}
