package dev.herald.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * First-in first-out lanes, one per ordering key, for one ORDERED subscriber: tasks of one key run one
 * after another (the next starts when the previous one reaches its outcome, which may be after retries
 * or an asynchronous completion), tasks of different keys run in parallel on the executor.
 *
 * <p>A lane is a lock-free queue of tasks linked through themselves (Vyukov's intrusive
 * multi-producer single-consumer queue) and a count of the tasks it holds, queued or running. A
 * publisher adds a task with two atomic operations and no allocation; the one that takes the count
 * from zero hands the lane to the executor. The lane then runs its tasks one after another on that
 * executor turn while they finish at once (up to {@value #BATCH}, then it yields the thread to other
 * work), and gives its count back once per turn rather than once per task. A task that finishes
 * later (a completion stage, a retry) ends the turn; its completion starts the next.
 *
 * <p>Idle lanes stay in the map, so that a busy key does not make and drop a lane on every burst,
 * until there are more than {@value #IDLE_LANES} (or twice as many as were busy at the last sweep);
 * then the idle ones are retired, so keys do not accumulate.
 */
final class OrderedLanes {

  /** What runs a lane's tasks: the bus's {@link AsyncDispatcher}. */
  interface Runner {
    /**
     * Makes an attempt of {@code task}, whose outcome then calls its {@code releaseLane()} exactly
     * once, at once or later (also when the attempt finds the outcome settled already); {@code now},
     * {@code worker} and the result are as for {@link BusWorkers.Timed}.
     */
    long attempt(DeliveryTask task, long now, int worker);

    /** The executor refused the lane's turn: {@code task} will not run and must be settled. */
    void refused(DeliveryTask task, RejectedExecutionException why);
  }

  /** Tasks one lane runs on one executor turn before it lets other work in. */
  static final int BATCH = 64;
  /** Lanes the map may hold before idle ones are swept out. */
  static final int IDLE_LANES = 64;

  private final Executor executor;
  private final Runner runner;
  private final ConcurrentHashMap<Object, Lane> lanes = new ConcurrentHashMap<>();
  /** The map's size at which to sweep out idle lanes next. */
  private volatile int sweepAt = IDLE_LANES;
  /** Set when the subscriber is cancelled: its lanes may be forgotten once idle. */
  private volatile boolean abandoned;

  OrderedLanes(Executor executor, Runner runner) {
    this.executor = executor;
    this.runner = runner;
  }

  /** Queues {@code task} behind the tasks of the same key; the runner runs it in its turn. */
  void submit(Object key, DeliveryTask task) {
    Lane lane = lanes.get(key);
    while (lane == null || !lane.add(task)) {
      lane = laneFor(key);
    }
  }

  /** The live lane of {@code key}, made if there is none (or only a retired one). */
  private Lane laneFor(Object key) {
    Lane lane = lanes.compute(key, (k, existing) ->
        existing != null && !existing.isRetired() ? existing : new Lane(k));
    int size = lanes.size();
    if (size >= sweepAt) {
      sweep();
      sweepAt = Math.max(IDLE_LANES, 2 * lanes.size());
    }
    return lane;
  }

  /** Retires the idle lanes and removes them from the map. */
  private void sweep() {
    for (Lane lane : lanes.values()) {
      if (lane.retireIfIdle()) {
        lanes.remove(lane.key, lane);
      }
    }
  }

  /** Lanes with queued or running work, for diagnostics and tests. */
  int activeLanes() {
    int active = 0;
    for (Lane lane : lanes.values()) {
      if (lane.count > 0) {
        active++;
      }
    }
    return active;
  }

  /** Lanes in the map, busy or idle, for tests. */
  int lanes() {
    return lanes.size();
  }

  /** Whether no lane holds a task. */
  boolean isIdle() {
    return activeLanes() == 0;
  }

  void abandon() {
    abandoned = true;
  }

  boolean isAbandoned() {
    return abandoned;
  }

  /**
   * Adds every task the lanes hold, running or queued, to {@code into}. For shutdown: it reads
   * queues that may be moving, so a task may appear twice.
   */
  void collect(Collection<DeliveryTask> into) {
    for (Lane lane : lanes.values()) {
      lane.collect(into);
    }
  }

  private static final VarHandle COUNT;
  private static final VarHandle STATE;
  private static final VarHandle CURRENT;
  private static final VarHandle HEAD;
  private static final VarHandle TAIL;
  private static final VarHandle NEXT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      COUNT = lookup.findVarHandle(Lane.class, "count", int.class);
      STATE = lookup.findVarHandle(Lane.class, "state", int.class);
      CURRENT = lookup.findVarHandle(Lane.class, "current", DeliveryTask.class);
      HEAD = lookup.findVarHandle(Lane.class, "head", DeliveryTask.class);
      TAIL = lookup.findVarHandle(Lane.class, "tail", DeliveryTask.class);
      NEXT = lookup.findVarHandle(DeliveryTask.class, "nextInLane", DeliveryTask.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The count of a lane that has left the map: it takes no more tasks. */
  private static final int RETIRED = -1;

  /** States of a lane's running task. */
  private static final int RUNNING = 1;
  /** It reached its outcome while the turn was still in its attempt: the turn goes on. */
  private static final int FINISHED = 2;
  /** The turn ended before it did: its completion starts the next turn. */
  private static final int DETACHED = 3;

  private final class Lane implements Runnable, BusWorkers.Timed, BusWorkers.Refusable {
    final Object key;
    /** Tasks added and not finished (queued or running), or {@link #RETIRED}. */
    volatile int count;
    /** The state of {@link #current}: RUNNING, FINISHED or DETACHED. */
    volatile int state;
    /** The task that runs or waits for its outcome (or the last that did); for shutdown. */
    DeliveryTask current;
    /** The thread running this lane's turn, while it does; only ever compared with itself. */
    Thread turnThread;
    /**
     * The queue's consumer end: written only by the lane's turn (one at a time), with release
     * semantics for {@link #collect}.
     */
    DeliveryTask head;
    /** The queue's producer end. */
    volatile DeliveryTask tail;
    private final DeliveryTask stub = new DeliveryTask(null, null, null);
    final Runnable done = this::taskDone;

    Lane(Object key) {
      this.key = key;
      this.head = stub;
      this.tail = stub;
    }

    boolean isRetired() {
      return count == RETIRED;
    }

    /** Adds a task; false if the lane has retired. */
    boolean add(DeliveryTask task) {
      int before;
      do {
        before = count;
        if (before == RETIRED) {
          return false;
        }
      } while (!COUNT.weakCompareAndSet(this, before, before + 1));
      push(task);
      if (before == 0) {
        schedule();
      }
      return true;
    }

    boolean retireIfIdle() {
      return count == 0 && COUNT.compareAndSet(this, 0, RETIRED);
    }

    private void push(DeliveryTask task) {
      NEXT.set(task, (DeliveryTask) null);
      DeliveryTask previous = (DeliveryTask) TAIL.getAndSet(this, task);
      NEXT.setRelease(previous, task);
    }

    /**
     * The next queued task, or null if there is none, or one is still being linked in. The task
     * becomes the lane's {@link #current} before it leaves the queue, and a task that left links to
     * itself, so that {@link #collect} on another thread finds each task in one place or the other.
     */
    private DeliveryTask pop() {
      DeliveryTask first = head;
      DeliveryTask next = (DeliveryTask) NEXT.getAcquire(first);
      if (first == stub) {
        if (next == null) {
          return null;
        }
        HEAD.setRelease(this, next);
        first = next;
        next = (DeliveryTask) NEXT.getAcquire(next);
      }
      if (next != null) {
        return take(first, next);
      }
      if (first != tail) {
        return null; // a producer is linking the next one in
      }
      // Queueing the stub again resets its link, which cuts short a walk standing on it: make the
      // task current first, so that collect finds it there.
      CURRENT.setRelease(this, first);
      push(stub);
      next = (DeliveryTask) NEXT.getAcquire(first);
      if (next != null) {
        return take(first, next);
      }
      return null;
    }

    /** Moves {@code first}, whose successor is {@code next}, from the queue to {@link #current}. */
    private DeliveryTask take(DeliveryTask first, DeliveryTask next) {
      CURRENT.setRelease(this, first);
      HEAD.setRelease(this, next);
      NEXT.setRelease(first, first); // a walker standing on it starts again from the head
      return first;
    }

    void schedule() {
      try {
        executor.execute(this);
      } catch (RejectedExecutionException e) {
        refused(e);
      }
    }

    /**
     * The executor refused this lane's turn: the lane settles its queued tasks, which will never
     * run (no task of this lane is running when a turn is scheduled).
     */
    @Override
    public void refused(RejectedExecutionException why) {
      while (true) {
        int settled = 0;
        for (DeliveryTask task; (task = pop()) != null; settled++) {
          runner.refused(task, why);
        }
        if (settled == 0) {
          if (count <= 0) {
            return;
          }
          Thread.yield(); // a task counted and still being linked in
          continue;
        }
        if ((int) COUNT.getAndAdd(this, -settled) == settled) {
          return;
        }
      }
    }

    /** One executor turn. */
    @Override
    public void run() {
      run(0, AsyncCounts.SHARED);
    }

    /**
     * One executor turn: runs queued tasks while they finish at once. {@code now} is the clock's
     * reading if the caller has one (else 0), passed from one attempt to the next so that each
     * timed attempt reads the clock once; {@code worker} is the index of the bus's worker running
     * the turn, or {@link AsyncCounts#SHARED}.
     */
    @Override
    public long run(long now, int worker) {
      Thread self = Thread.currentThread();
      turnThread = self;
      int finished = 0;
      try {
        for (int n = 0, misses = 0; ; ) {
          if (n == BATCH) {
            turnThread = null;
            if (giveBack(finished) > 0) {
              schedule(); // let other work in; no other turn can start while tasks are counted
            }
            return 0; // else idle: the next task added starts a turn
          }
          DeliveryTask task = pop();
          if (task == null) {
            turnThread = null; // clear it before the count may reach 0 and let another turn in
            int left = giveBack(finished);
            finished = 0;
            if (left == 0) {
              return now; // idle: the next task added starts a turn
            }
            if (++misses > 100) {
              schedule(); // a producer was stopped between counting and linking its task
              return 0;
            }
            turnThread = self;
            Thread.yield();
            continue;
          }
          n++;
          misses = 0;
          STATE.setRelease(this, RUNNING); // pop() made it current
          task.holdLane(done);
          now = runner.attempt(task, now, worker);
          if ((int) STATE.getAcquire(this) == FINISHED) {
            finished++;
            continue;
          }
          // It finishes later. Clear the turn before a completion on another thread may start the
          // next one; the detached task stays counted until then.
          turnThread = null;
          giveBack(finished);
          finished = 0;
          if (STATE.compareAndSet(this, RUNNING, DETACHED)) {
            return 0;
          }
          turnThread = self; // it finished meanwhile: go on
          finished = 1;
        }
      } catch (RuntimeException | Error e) {
        if (turnThread == self) {
          turnThread = null;
        }
        throw e;
      }
    }

    private int giveBack(int finished) {
      if (finished == 0) {
        return count;
      }
      return (int) COUNT.getAndAdd(this, -finished) - finished;
    }

    /** The running task reached its outcome. */
    private void taskDone() {
      if (Thread.currentThread() == turnThread) {
        STATE.setOpaque(this, FINISHED); // inside the turn's attempt: it goes on
        return;
      }
      if (STATE.compareAndSet(this, RUNNING, FINISHED)) {
        return; // the turn is still in the attempt, on another thread: it goes on
      }
      // The turn ended (DETACHED): this completion is the lane's to count, and starts the next.
      if ((int) COUNT.getAndAdd(this, -1) > 1) {
        schedule();
      }
    }

    /**
     * Adds the running task and every queued one. A task is always in the queue, or
     * {@link #current}, or both (see {@link #take}); a walk that stands on a task the turn has
     * taken since starts again from the head. For shutdown, when no new task arrives: a task may
     * be added twice.
     */
    void collect(Collection<DeliveryTask> into) {
      DeliveryTask running = (DeliveryTask) CURRENT.getAcquire(this);
      if (running != null) {
        into.add(running);
      }
      DeliveryTask task = (DeliveryTask) HEAD.getAcquire(this);
      while (task != null) {
        DeliveryTask next = (DeliveryTask) NEXT.getAcquire(task);
        if (next == task) {
          task = (DeliveryTask) HEAD.getAcquire(this);
          continue;
        }
        if (next == null && task != tail) {
          Thread.onSpinWait(); // a producer counted its task and is linking it in
          continue;
        }
        if (task != stub && !task.isFinished()) {
          into.add(task);
        }
        task = next;
      }
      running = (DeliveryTask) CURRENT.getAcquire(this);
      if (running != null) {
        into.add(running);
      }
    }
  }
}
