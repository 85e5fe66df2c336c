package dev.herald.runtime.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The bus's own worker threads, used when the application gives it no executor. Unlike a
 * {@code ThreadPoolExecutor} over a {@code LinkedBlockingQueue} (two locks, a node and a condition
 * signal per task), a hand-off costs the publisher one lock-free enqueue, and a wake-up only when some
 * worker sleeps and none is polling. A worker that runs out of work first polls for a short while
 * (one worker at a time, so that polling never takes both cores of a small machine from the
 * publisher), then parks; while it polls, publishers wake nobody, so a steady stream of events costs
 * no wake-up system call per event. A worker that takes a task while more wait wakes another, so
 * slow listeners still run in parallel. Threads start on the first task.
 */
final class BusWorkers implements Executor {

  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final ThreadFactory threads;
  private final Worker[] workers;
  /** How long one idle worker keeps polling before it parks: a few wake-ups' worth. */
  private static final long SPIN_NANOS = 20_000;

  private final AtomicInteger sleepers = new AtomicInteger();
  /** Whether a worker is polling for work; then nobody needs waking. */
  private final AtomicBoolean spinning = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean shutdown;

  BusWorkers(int count, ThreadFactory threads) {
    this.threads = threads;
    this.workers = new Worker[count];
    for (int i = 0; i < count; i++) {
      workers[i] = new Worker();
    }
  }

  @Override
  public void execute(Runnable task) {
    if (shutdown) {
      throw new RejectedExecutionException("the bus's workers have shut down");
    }
    if (!started.get()) {
      start();
    }
    queue.offer(task);
    if (shutdown && queue.remove(task)) {
      // Raced with shutdownNow (as ThreadPoolExecutor re-checks): refuse rather than strand it.
      throw new RejectedExecutionException("the bus's workers have shut down");
    }
    // Enqueue, then read: a worker that stops polling or goes to sleep re-reads the queue after
    // saying so, so one of the two sees the other and the task is never left with nobody awake.
    if (sleepers.get() > 0 && !spinning.get()) {
      wakeOne();
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

  private void wakeOne() {
    for (Worker worker : workers) {
      if (worker.sleeping.get() && worker.sleeping.compareAndSet(true, false)) {
        LockSupport.unpark(worker.thread);
        return;
      }
    }
  }

  /** Stops the workers: queued tasks are dropped, running ones interrupted. */
  void shutdownNow() {
    shutdown = true;
    synchronized (workers) {
      for (Worker worker : workers) {
        Thread thread = worker.thread;
        if (thread != null) {
          worker.sleeping.set(false);
          thread.interrupt();
          LockSupport.unpark(thread);
        }
      }
    }
    queue.clear();
  }

  private final class Worker implements Runnable {
    volatile Thread thread;
    final AtomicBoolean sleeping = new AtomicBoolean();

    @Override
    public void run() {
      while (!shutdown) {
        Runnable task = queue.poll();
        if (task == null) {
          task = spin();
        }
        if (task == null) {
          sleep();
          continue;
        }
        if (sleepers.get() > 0 && !queue.isEmpty()) {
          wakeOne(); // more work than this worker: share it
        }
        Thread.interrupted(); // an interrupt meant for a task that has finished
        if (shutdown) {
          break; // shutdownNow drops queued tasks; the bus has dead-lettered them
        }
        try {
          task.run();
        } catch (VirtualMachineError fatal) {
          throw fatal;
        } catch (Throwable error) {
          Thread self = Thread.currentThread();
          self.getUncaughtExceptionHandler().uncaughtException(self, error);
        }
      }
    }

    /** Polls for a while, if no other worker does; null when nothing came. */
    private Runnable spin() {
      if (spinning.get() || !spinning.compareAndSet(false, true)) {
        return null;
      }
      try {
        long deadline = 0;
        for (int i = 1; !shutdown; i++) {
          Runnable task = queue.poll();
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
          Thread.onSpinWait();
        }
        return null;
      } finally {
        spinning.set(false);
      }
    }

    private void sleep() {
      Thread.interrupted(); // else park would return at once, again and again
      sleeping.set(true);
      sleepers.incrementAndGet();
      try {
        // A publisher enqueues, then reads sleepers; this worker counted itself, then reads the
        // queue: one of the two sees the other, so no task waits for a worker that sleeps.
        while (sleeping.get() && !shutdown) {
          if (!queue.isEmpty()) {
            sleeping.set(false);
            break;
          }
          LockSupport.park(this);
        }
      } finally {
        sleepers.decrementAndGet();
      }
    }
  }
}
