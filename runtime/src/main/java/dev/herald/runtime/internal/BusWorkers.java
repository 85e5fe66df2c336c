package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;

/**
 * The bus's own worker threads, used when the application gives it no executor. A hand-off costs the
 * publisher one slot of an array queue ({@link HandoffQueue}; a linked overflow takes what does not
 * fit) and, rarely, a wake-up.
 *
 * <p>Waking is what costs most on a small machine, so workers are woken sparingly:
 *
 * <ul>
 *   <li>A worker that runs out of work polls for a short while ({@value #SPIN_NANOS} ns) before it
 *       parks, and stays active meanwhile, so that a stream a little slower than the worker costs
 *       no shared write per event. One worker polls at a time, and an idle one never beside an
 *       active one, so that polling never takes both cores of a small machine from the publisher.
 *       While one polls, publishers wake nobody.
 *   <li>When no worker is active (running tasks), a publisher wakes one, unless a wake-up is
 *       under way already. That is the only wake-up on a publisher's path.
 *   <li>A worker that becomes active has one sleeping worker woken to <em>watch</em>, unless one
 *       watches already: while any worker is active, the watcher looks at the queue every
 *       {@value #WATCH_NANOS} ns while work waits ({@value #IDLE_WATCH_NANOS} ns while none does)
 *       and joins in only if no task was taken since it last looked. An active worker that keeps
 *       taking tasks is left alone (a second one would only fight the publisher for the CPU),
 *       while a listener that blocks still gets the queued work run in parallel within about a
 *       millisecond. The watcher goes back to sleep when no worker is active, so a steady stream
 *       wakes nobody, and a publisher never pays for waking a watcher.
 * </ul>
 *
 * <p><b>Priorities.</b> Tasks of high priority ({@link #executeUrgent}) wait in a lane of their
 * own, which workers look at first: a high-priority task queued behind a backlog of ordinary ones
 * waits only for the tasks already running. Ordinary work is not starved: while both lanes hold
 * tasks, a worker takes at most {@value #URGENT_RUN} high-priority tasks in a row, then an
 * ordinary one, so ordinary work keeps at least a fifth of each worker's takes under any flood.
 *
 * <p><b>Deliveries without a task.</b> A plain asynchronous delivery crosses as its parts
 * ({@link #executeDelivery}: subscriber, envelope, series) in one slot of the queue, and the worker
 * hands them to the bus's {@link Deliveries}; a task object is made only when the delivery needs
 * one after all (its attempt failed or returned a stage) or when shutdown finds it. Whoever claims
 * a running delivery owns its outcome: the worker when the attempt ends, or {@link #shutdown}
 * ({@link WorkerHands}).
 *
 * <p>Threads start on the first task. {@link #shutdown} hands back what is queued and running;
 * anything enqueued after it, in a race, is {@linkplain Refusable refused}.
 */
final class BusWorkers implements Executor {

  /** A task that settles itself when the workers shut down before it could run. */
  interface Refusable {
    void refused(RejectedExecutionException why);
  }

  /**
   * A task that runs with the clock's reading at its start, if known, and returns it at its end; it
   * is told which worker runs it, so that it can count in that worker's cells ({@link AsyncCounts}).
   */
  interface Timed {
    /**
     * Runs; {@code now} is a reading of {@code System.nanoTime()} or 0; returns one or 0.
     * {@code worker} is the running worker's index, from 0, unique among this bus's workers.
     */
    long run(long now, int worker);
  }

  /**
   * Runs the deliveries queued as parts ({@link #executeDelivery}), and makes the task that stands
   * for one when it needs handing back or refusing.
   */
  interface Deliveries {
    /**
     * Runs one attempt of a delivery on worker {@code worker}, as {@link Timed#run}; its outcome
     * is the caller's only once {@code claim} says so.
     */
    long deliver(Subscriber subscriber, Envelope<?> envelope, Series series, long now, int worker,
        Claim claim);

    /**
     * The task that stands for a delivery taken on, queued ({@code attempts} 0) or running (1),
     * for shutdown to settle.
     */
    DeliveryTask task(Subscriber subscriber, Envelope<?> envelope, Series series, int attempts);

    /** The workers shut down before a delivery queued as parts could run: it is settled. */
    void refused(Subscriber subscriber, Envelope<?> envelope, Series series,
        RejectedExecutionException why);
  }

  /** The outcome of the delivery a worker runs without a task: whoever claims it settles it. */
  interface Claim {
    /** Claims the outcome for the worker; false if shutdown claimed it first (and settles it). */
    boolean claim();

    /**
     * Claims the outcome for {@code task}, which stands for the delivery from now on (shutdown
     * finds it as the task the worker runs); false if shutdown claimed it first, knowing nothing of
     * {@code task}.
     */
    boolean claimAs(Runnable task);
  }

  /** How long one idle worker keeps polling before it parks: a few wake-ups' worth. */
  private static final long SPIN_NANOS = 20_000;
  /** How often a watching worker looks at the queue. */
  static final long WATCH_NANOS = 200_000;
  /** High-priority tasks a worker takes in a row while ordinary ones wait. */
  static final int URGENT_RUN = 4;
  /** How often a watching worker looks at the queue while it is empty. */
  static final long IDLE_WATCH_NANOS = 1_000_000;

  /** Runnables, or the first part of a delivery ({@link Subscriber}) with two more parts. */
  private final HandoffQueue<Object> queue;
  private final ConcurrentLinkedQueue<Runnable> overflow = new ConcurrentLinkedQueue<>();
  /** The high-priority lane; see {@link #executeUrgent}. */
  private final ConcurrentLinkedQueue<Runnable> urgent = new ConcurrentLinkedQueue<>();
  /** Tasks in {@link #urgent}: one read per take tells whether to look there at all. */
  private final AtomicInteger urgentWaiting = new AtomicInteger();
  /** Tasks taken from the overflow and the urgent lane, so that watchers see progress there too. */
  private final AtomicLong overflowTaken = new AtomicLong();
  private final ThreadFactory threads;
  private final Worker[] workers;
  /** Runs the deliveries queued as parts; set once, before the first. */
  private Deliveries deliveries;

  /** Workers asleep that nobody has woken yet. */
  private final AtomicInteger sleepers = new AtomicInteger();
  /** Workers running tasks, from the first they take until they find the queue empty. */
  private final AtomicInteger active = new AtomicInteger();
  /** The watching worker's thread, while one watches. */
  private volatile Thread watcher;
  /** A worker was woken because none was active, and has not become active (or slept) since. */
  private final AtomicBoolean wakeUnderWay = new AtomicBoolean();
  /** Whether a worker is polling for work; then nobody needs waking. */
  private final AtomicBoolean spinning = new AtomicBoolean();
  /** Whether a worker is watching a busy one; then nobody needs waking either. */
  private final AtomicBoolean watching = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean shutdown;

  /** {@code count} threads; room for {@code capacity} tasks before the overflow is used. */
  BusWorkers(int count, int capacity, ThreadFactory threads) {
    this.threads = threads;
    this.queue = new HandoffQueue<>(Math.min(Math.max(capacity, 64), 1 << 16));
    this.workers = new Worker[count];
    for (int i = 0; i < count; i++) {
      workers[i] = new Worker(i);
    }
  }

  /** Has {@code deliveries} run what {@link #executeDelivery} queues. */
  void deliverWith(Deliveries deliveries) {
    this.deliveries = deliveries;
  }

  @Override
  public void execute(Runnable task) {
    enqueue(task, false);
  }

  /**
   * Queues a delivery as its parts, for the {@link Deliveries}; false, and nothing queued, if the
   * workers have shut down or the queue is full (the caller makes a task of it then).
   */
  boolean executeDelivery(Subscriber subscriber, Envelope<?> envelope, Series series) {
    if (shutdown) {
      return false;
    }
    if (!started.get()) {
      start();
    }
    if (!queue.offer(subscriber, envelope, series)) {
      return false;
    }
    queued();
    return true;
  }

  /** As {@link #execute}, in the high-priority lane, which workers look at first. */
  void executeUrgent(Runnable task) {
    enqueue(task, true);
  }

  private void enqueue(Runnable task, boolean highPriority) {
    if (shutdown) {
      throw new RejectedExecutionException("the bus's workers have shut down");
    }
    if (!started.get()) {
      start();
    }
    if (highPriority) {
      urgent.offer(task);
      urgentWaiting.incrementAndGet();
    } else if (!queue.offer(task)) {
      overflow.offer(task);
    }
    queued();
  }

  /** A task was queued: refuses it if shutdown raced, else wakes a worker if none is active. */
  private void queued() {
    if (shutdown) {
      // Raced with shutdown, which may have drained the queue before this task was in it.
      refuseQueued();
      return;
    }
    // Enqueue, then read: a worker that stops being active, polling or watching, or goes to sleep,
    // re-reads the queue after saying so, so one of the two sees the other and the task is never
    // left unseen.
    // An active worker has a watcher already (see ensureWatched): nobody to wake then.
    if (!spinning.get() && active.get() == 0) {
      // Nobody runs tasks: wake a worker, unless a wake-up is under way already.
      if (!wakeUnderWay.get() && wakeUnderWay.compareAndSet(false, true) && !wakeOne()) {
        LockSupport.unpark(watcher); // or the watcher, if any: there is nobody for it to watch
      }
    }
  }

  private void start() {
    synchronized (workers) {
      if (!started.get() && !shutdown) {
        for (Worker worker : workers) {
          worker.thread = threads.newThread(worker);
          worker.thread.start();
        }
        started.set(true);
      }
    }
  }

  /** Wakes a sleeping worker, if there is one. Whoever clears a worker's flag counts it awake. */
  private boolean wakeOne() {
    if (sleepers.get() == 0) {
      return false;
    }
    for (Worker worker : workers) {
      if (worker.sleeping.get() && worker.sleeping.compareAndSet(true, false)) {
        sleepers.decrementAndGet();
        LockSupport.unpark(worker.thread);
        return true;
      }
    }
    return false;
  }

  /**
   * The next task for {@code worker} (null at shutdown), by the rule of priorities above: the
   * high-priority lane first, unless the worker has taken {@value #URGENT_RUN} from it in a row
   * and ordinary work waits.
   */
  private Object take(Worker worker, Object[] parts) {
    boolean urgentFirst =
        urgentWaiting.get() > 0 && (worker == null || worker.urgentRun < URGENT_RUN);
    Object task = urgentFirst ? pollUrgent(worker) : null;
    if (task == null) {
      task = queue.poll(parts);
      if (task == null && !overflow.isEmpty()) {
        task = overflow.poll();
        if (task != null) {
          overflowTaken.incrementAndGet();
        }
      }
      if (task != null) {
        if (worker != null) {
          worker.urgentRun = 0;
        }
      } else if (!urgentFirst && urgentWaiting.get() > 0) {
        task = pollUrgent(worker); // the run is over, but nothing ordinary waits
      }
    }
    return task;
  }

  private Runnable pollUrgent(Worker worker) {
    Runnable task = urgent.poll();
    if (task != null) {
      urgentWaiting.decrementAndGet();
      overflowTaken.incrementAndGet();
      if (worker != null) {
        worker.urgentRun++;
      }
    }
    return task;
  }

  /**
   * The next task, or a delivery queued as parts as its {@link Deliveries#task}, for shutdown;
   * null when none is left.
   */
  private Runnable take() {
    Object[] parts = new Object[2];
    Object next = take(null, parts);
    return next instanceof Subscriber subscriber
        ? deliveries.task(subscriber, (Envelope<?>) parts[0], (Series) parts[1], 0)
        : (Runnable) next;
  }

  private boolean hasWork() {
    return !queue.isEmpty() || !overflow.isEmpty() || urgentWaiting.get() > 0;
  }

  /** Tasks taken so far: what a watcher compares to see whether the busy workers move. */
  private long progress() {
    return queue.taken() + overflowTaken.get();
  }

  /**
   * Stops taking tasks: hands {@code unfinished} every task still queued and every task a worker is
   * running now (which it finishes, unless {@link #shutdownNow} interrupts it). A task a worker
   * takes meanwhile is refused.
   */
  void shutdown(Consumer<Runnable> unfinished) {
    shutdown = true;
    for (Runnable task; (task = take()) != null; ) {
      unfinished.accept(task);
    }
    // Shut down, then read what runs: a worker says what it runs, then reads shutdown. A task is
    // claimed off the worker, so that one the worker is about to refuse has one owner: this or it.
    for (Worker worker : workers) {
      worker.hands.handBack(deliveries, unfinished);
    }
  }

  /** Stops the workers: whatever is still queued is refused, running tasks are interrupted. */
  void shutdownNow() {
    shutdown = true;
    synchronized (workers) {
      for (Worker worker : workers) {
        Thread thread = worker.thread;
        if (thread != null) {
          if (worker.sleeping.compareAndSet(true, false)) {
            sleepers.decrementAndGet();
          }
          thread.interrupt();
          LockSupport.unpark(thread);
        }
      }
    }
    refuseQueued();
  }

  private void refuseQueued() {
    RejectedExecutionException why =
        new RejectedExecutionException("the bus's workers have shut down");
    Object[] parts = new Object[2];
    for (Object task; (task = take(null, parts)) != null; ) {
      if (task instanceof Subscriber subscriber) {
        deliveries.refused(subscriber, (Envelope<?>) parts[0], (Series) parts[1], why);
      } else {
        refuse((Runnable) task, why);
      }
    }
  }

  private static void refuse(Runnable task, RejectedExecutionException why) {
    if (task instanceof Refusable refusable) {
      refusable.refused(why);
    }
  }

  private final class Worker implements Runnable {
    /** This worker's index among the bus's workers: where it counts ({@link Timed}). */
    final int index;
    volatile Thread thread;
    final AtomicBoolean sleeping = new AtomicBoolean();
    /** High-priority tasks this worker took in a row; see {@link #URGENT_RUN}. */
    int urgentRun;
    /** What it runs, for {@link #shutdown}; set before shutdown is read. */
    final WorkerHands hands = new WorkerHands();
    /** Where {@link #take} puts the other parts of a delivery queued as parts. */
    private final Object[] parts = new Object[2];

    Worker(int index) {
      this.index = index;
    }

    @Override
    public void run() {
      long now = 0; // the clock's reading at the end of the last task, while no wait came between
      boolean isActive = false;
      while (!shutdown) {
        Object task = take(this, parts);
        if (task == null) {
          now = 0;
          // An active worker polls for a while and stays active meanwhile, so that a stream a
          // little slower than the worker costs no shared write per event.
          task = isActive ? spin() : null;
          boolean wasActive = isActive;
          if (task != null) {
            ensureWatched();
          }
          if (task == null && isActive) {
            isActive = false;
            active.decrementAndGet(); // then read the queue again: see execute
            if (hasWork()) {
              continue;
            }
          }
          if (task == null) {
            hands.hold(null);
            // It polled already if it was active; else it polls unless someone is active (no
            // second reader of the queue beside an active worker).
            task = isActive || wasActive || active.get() > 0 ? null : spin();
            if (task == null) {
              sleep();
              continue;
            }
            ensureWatched();
          }
        }
        if (!isActive) {
          isActive = true;
          active.incrementAndGet();
          if (wakeUnderWay.get()) {
            wakeUnderWay.set(false); // the wake-up has done its work
          }
          ensureWatched();
        }
        if (task instanceof Subscriber subscriber) {
          Envelope<?> envelope = (Envelope<?>) parts[0];
          Series series = (Series) parts[1];
          hands.begin(subscriber, envelope, series); // then read shutdown
          if (shutdown) {
            if (hands.claim()) { // unless shutdown claimed it meanwhile and handed it back
              deliveries.refused(subscriber, envelope, series,
                  new RejectedExecutionException("the bus's workers have shut down"));
            }
            break;
          }
          Thread.interrupted(); // an interrupt meant for a task that has finished
          try {
            now = deliveries.deliver(subscriber, envelope, series, now, index, hands);
          } catch (VirtualMachineError fatal) {
            throw fatal;
          } catch (Throwable error) {
            now = 0;
            uncaught(error);
          }
          continue;
        }
        Runnable runnable = (Runnable) task;
        hands.hold(runnable); // then read shutdown
        if (shutdown) {
          // Unless shutdown claimed it off this worker meanwhile and handed it back.
          if (hands.release(runnable)) {
            refuse(runnable, new RejectedExecutionException("the bus's workers have shut down"));
          }
          break;
        }
        Thread.interrupted(); // an interrupt meant for a task that has finished
        try {
          if (runnable instanceof Timed timed) {
            now = timed.run(now, index);
          } else {
            runnable.run();
            now = 0;
          }
        } catch (VirtualMachineError fatal) {
          throw fatal;
        } catch (Throwable error) {
          now = 0;
          uncaught(error);
        }
      }
      hands.hold(null);
      if (isActive) {
        active.decrementAndGet();
      }
    }

    private void uncaught(Throwable error) {
      Thread self = Thread.currentThread();
      self.getUncaughtExceptionHandler().uncaughtException(self, error);
    }

    /**
     * Has a sleeper woken to watch this active worker, unless one watches already: called when it
     * becomes active, and when it took a task by polling. It counted itself active first, and a
     * worker going to sleep counts itself a sleeper, then reads whether someone is active and
     * unwatched (see {@link #sleep}): one of the two sees the other.
     */
    private void ensureWatched() {
      if (sleepers.get() > 0 && !watching.get()) {
        wakeOne();
      }
    }

    /** Polls for a while, if no other worker does; null when nothing came. */
    private Object spin() {
      if (spinning.get() || !spinning.compareAndSet(false, true)) {
        return null;
      }
      try {
        long deadline = 0;
        for (int i = 1; !shutdown; i++) {
          Object task = take(this, parts);
          if (task != null) {
            return task;
          }
          if ((i & 63) == 0) {
            long now = System.nanoTime();
            if (deadline == 0) {
              deadline = now + SPIN_NANOS;
            } else if (now - deadline > 0) {
              return null;
            }
          }
          if (i < 64) {
            Thread.onSpinWait();
          } else {
            Thread.yield(); // a thread just woken on this core (a publisher) runs first
          }
        }
        return null;
      } finally {
        spinning.set(false);
      }
    }

    private void sleep() {
      Thread.interrupted(); // else park would return at once, again and again
      if (wakeUnderWay.get()) {
        wakeUnderWay.set(false); // then read the queue again (below): see execute
      }
      sleeping.set(true);
      sleepers.incrementAndGet();
      // A publisher enqueues, then reads sleepers; this worker counted itself, then reads the
      // queue: one of the two sees the other, so no task waits for a worker that sleeps. Sleepers
      // counts the workers nobody has woken yet, so publishers stop trying once one has.
      while (sleeping.get()) {
        boolean unwatched = active.get() > 0 && !watching.get();
        if ((hasWork() || shutdown || unwatched) && sleeping.compareAndSet(true, false)) {
          sleepers.decrementAndGet();
          break;
        }
        LockSupport.park(this);
      }
      if (!shutdown && active.get() > 0) {
        watch(); // another worker runs tasks: let it, unless it is stuck
      }
    }

    /**
     * Looks at the queue now and then while other workers run tasks; returns when they seem stuck
     * (work waits and nobody took any since the last look), or when no worker is active any more.
     */
    private void watch() {
      if (watching.get() || !watching.compareAndSet(false, true)) {
        return; // someone watches already: help at once
      }
      watcher = Thread.currentThread();
      try {
        long seen = progress();
        boolean waited = true;
        while (!shutdown) {
          LockSupport.parkNanos(this, waited ? WATCH_NANOS : IDLE_WATCH_NANOS);
          Thread.interrupted();
          if (wakeUnderWay.get()) {
            wakeUnderWay.set(false); // then read the queue again (below): see execute
          }
          if (active.get() == 0) {
            return; // nobody to watch: join in if work waits, else sleep
          }
          long now = progress();
          waited = hasWork();
          if (waited && now == seen) {
            return; // work waits and nobody moved: join in
          }
          seen = now;
        }
      } finally {
        watcher = null;
        watching.set(false); // joining in, it has another woken to watch (ensureWatched)
      }
    }
  }
}
