package dev.herald.runtime.internal;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * First-in first-out lanes, one per ordering key, for one ORDERED subscriber: tasks of one key run one
 * after another (the next starts when the previous one reports it is done, which may be after retries
 * or an asynchronous completion), tasks of different keys run in parallel on the executor. Idle lanes
 * are removed, so keys do not accumulate.
 *
 * <p>A lane that is running takes new tasks with one map read and one uncontended lock, and runs
 * tasks that finish at once one after another on the same executor turn (up to {@value #BATCH},
 * then it yields the thread to other lanes), instead of one executor hand-off per task.
 */
final class OrderedLanes {

  /** A unit of work that calls {@code done} exactly once when its outcome is final. */
  interface Task {
    void run(Runnable done);
  }

  /** Tasks one lane runs on one executor turn before it lets other work in. */
  static final int BATCH = 64;

  private final Executor executor;
  private final ConcurrentHashMap<Object, Lane> lanes = new ConcurrentHashMap<>();

  OrderedLanes(Executor executor) {
    this.executor = executor;
  }

  /** Queues {@code task} behind the tasks of the same key. */
  void submit(Object key, Task task) {
    Lane lane = lanes.get(key);
    if (lane != null && lane.enqueueIfLive(task)) {
      return; // a running lane: it will get there
    }
    boolean[] start = new boolean[1];
    lane = lanes.compute(key, (k, existing) -> {
      Lane l = existing != null && !existing.retired ? existing : new Lane(k);
      start[0] = l.enqueue(task);
      return l;
    });
    if (start[0]) {
      lane.schedule();
    }
  }

  /** Lanes with queued or running work, for diagnostics and tests. */
  int activeLanes() {
    return lanes.size();
  }

  private static final int IDLE = 0;
  private static final int RUNNING = 1;
  private static final int FINISHED = 2;
  private static final int DETACHED = 3;

  private final class Lane implements Runnable {
    private final Object key;
    private final ArrayDeque<Task> tasks = new ArrayDeque<>();
    /** Guarded by this. Running: a task or a turn is under way, or about to be. */
    private boolean running;
    /** Guarded by this, and only set inside the map's compute: the lane left the map. */
    private boolean retired;
    /**
     * The task the lane's turn is running: {@code RUNNING} while in its {@code run}, then
     * {@code FINISHED} if it called done meanwhile (the turn goes on with the next task), or
     * {@code DETACHED} if it will call done later (which then starts a new turn).
     */
    private final AtomicInteger turn = new AtomicInteger(IDLE);
    private final Runnable done = this::taskDone;

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

    /** Adds a task to a lane that is running; false if the lane has retired. */
    synchronized boolean enqueueIfLive(Task task) {
      if (retired || !running) {
        return false;
      }
      tasks.add(task);
      return true;
    }

    void schedule() {
      executor.execute(this);
    }

    /** One executor turn: runs queued tasks while they finish at once. */
    @Override
    public void run() {
      for (int n = 0; n < BATCH; n++) {
        Task next;
        synchronized (this) {
          next = tasks.poll();
        }
        if (next == null) {
          if (retireIfIdle()) {
            continue; // more arrived meanwhile
          }
          return;
        }
        turn.set(RUNNING);
        next.run(done);
        if (turn.compareAndSet(RUNNING, DETACHED)) {
          return; // it finishes later; its done starts the next turn
        }
      }
      schedule(); // let other lanes have the thread
    }

    private void taskDone() {
      if (!turn.compareAndSet(RUNNING, FINISHED)) {
        schedule(); // the turn had ended: start another
      }
    }

    /** Removes the lane if nothing arrived meanwhile and returns false; else true. */
    private boolean retireIfIdle() {
      boolean[] more = new boolean[1];
      lanes.computeIfPresent(key, (k, lane) -> {
        synchronized (lane) {
          if (lane != this) {
            return lane;
          }
          if (tasks.isEmpty()) {
            running = false;
            retired = true;
            return null;
          }
          more[0] = true;
          return lane;
        }
      });
      if (!more[0]) {
        synchronized (this) {
          if (!retired) {
            // Not in the map any more (cannot happen while running), or raced: keep going.
            more[0] = !tasks.isEmpty();
            if (!more[0]) {
              running = false;
              retired = true;
            }
          }
        }
      }
      return more[0];
    }
  }
}
