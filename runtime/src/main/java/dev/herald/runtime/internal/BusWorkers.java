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
 * signal per task), a hand-off costs the publisher one lock-free enqueue and, only when every worker
 * sleeps, one wake-up. Idle workers park at once: spinning was no faster on a 2-core machine and takes
 * a core from the publisher. A worker that takes a task while more wait wakes another, so slow
 * listeners still run in parallel. Threads start on the first task.
 */
final class BusWorkers implements Executor {

  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final ThreadFactory threads;
  private final Worker[] workers;
  private final AtomicInteger sleepers = new AtomicInteger();
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
    if (sleepers.get() > 0) {
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
