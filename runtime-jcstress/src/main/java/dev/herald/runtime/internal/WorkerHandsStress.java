package dev.herald.runtime.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.herald.runtime.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * The claim of a delivery a worker runs without a task ({@link WorkerHands}): its outcome is owned
 * exactly once, by the worker or by shutdown, whether the attempt ends at once, needs a task, or
 * the worker goes on to the next delivery while shutdown looks.
 */
public class WorkerHandsStress {

  /** Makes the tasks shutdown hands back; a delivery is named by its series. */
  static final class Tasks implements BusWorkers.Deliveries {
    final List<DeliveryTask> handedBack = new ArrayList<>();

    @Override
    public long deliver(Subscriber subscriber, Envelope<?> envelope, Series series, long now,
        int worker, BusWorkers.Claim claim) {
      throw new UnsupportedOperationException();
    }

    @Override
    public DeliveryTask task(Subscriber subscriber, Envelope<?> envelope, Series series,
        int attempts) {
      DeliveryTask task = new DeliveryTask(subscriber, envelope, null);
      task.series = series;
      return task;
    }

    @Override
    public void refused(Subscriber subscriber, Envelope<?> envelope, Series series,
        RejectedExecutionException why) {
      throw new UnsupportedOperationException();
    }

    /** What shutdown does with a task handed back: claims it, and settles it if it may. */
    void accept(Runnable task) {
      DeliveryTask delivery = (DeliveryTask) task;
      if (delivery.finish()) {
        handedBack.add(delivery);
      }
    }
  }

  /** The attempt ends and the worker claims it, while shutdown claims what runs. */
  @JCStressTest
  @Outcome(id = {"1, 0", "0, 1"}, expect = ACCEPTABLE, desc = "One owner: the worker or shutdown.")
  @Outcome(expect = FORBIDDEN, desc = "Settled twice, or never.")
  @State
  public static class ClaimRacesShutdown {
    final WorkerHands hands = new WorkerHands();
    final Tasks tasks = new Tasks();

    public ClaimRacesShutdown() {
      hands.begin(null, null, new Series("a", null));
    }

    @Actor
    public void worker(II_Result r) {
      r.r1 = hands.claim() ? 1 : 0;
    }

    @Actor
    public void shutdown(II_Result r) {
      hands.handBack(tasks, tasks::accept);
      r.r2 = tasks.handedBack.size();
    }
  }

  /**
   * The attempt failed: the worker makes a task and claims the delivery as it (the task then
   * settles it, through its own claim), while shutdown claims what runs and settles what it finds.
   */
  @JCStressTest
  @Outcome(id = {"1, 0", "0, 1"}, expect = ACCEPTABLE, desc = "One owner: the task or shutdown.")
  @Outcome(expect = FORBIDDEN, desc = "Settled twice, or never.")
  @State
  public static class ClaimAsRacesShutdown {
    final WorkerHands hands = new WorkerHands();
    final Tasks tasks = new Tasks();
    final Series series = new Series("a", null);

    public ClaimAsRacesShutdown() {
      hands.begin(null, null, series);
    }

    @Actor
    public void worker(II_Result r) {
      DeliveryTask task = tasks.task(null, null, series, 1);
      if (!hands.claimAs(task)) {
        task.finish(); // shutdown settles the delivery, knowing nothing of this task
      }
      r.r1 = task.finish() ? 1 : 0; // the task's outcome, later: settled unless claimed before
    }

    @Actor
    public void shutdown(II_Result r) {
      hands.handBack(tasks, tasks::accept);
      r.r2 = tasks.handedBack.size();
    }
  }

  /**
   * The worker finishes delivery A and begins B while shutdown looks: shutdown never claims B
   * under A's stamp, nor settles A with B's parts; each has one owner.
   */
  @JCStressTest
  @Outcome(id = {"worker A, worker B", "shutdown A, worker B", "worker A, shutdown B"},
      expect = ACCEPTABLE, desc = "One owner each.")
  @Outcome(expect = FORBIDDEN, desc = "A delivery settled twice or never, or with another's parts.")
  @State
  public static class NextDeliveryRacesShutdown {
    final WorkerHands hands = new WorkerHands();
    final Tasks tasks = new Tasks();
    final Series a = new Series("a", null);
    final Series b = new Series("b", null);
    int ownedByWorkerA;
    int ownedByWorkerB;

    public NextDeliveryRacesShutdown() {
      hands.begin(null, null, a);
    }

    @Actor
    public void worker() {
      if (hands.claim()) {
        ownedByWorkerA++;
      }
      hands.begin(null, null, b);
      if (hands.claim()) {
        ownedByWorkerB++;
      }
    }

    @Actor
    public void shutdown() {
      hands.handBack(tasks, tasks::accept);
    }

    @Arbiter
    public void settle(L_Result r) {
      int shutdownA = 0;
      int shutdownB = 0;
      for (DeliveryTask task : tasks.handedBack) {
        if (task.series == a) {
          shutdownA++;
        } else if (task.series == b) {
          shutdownB++;
        }
      }
      r.r1 = owner("A", ownedByWorkerA, shutdownA) + ", " + owner("B", ownedByWorkerB, shutdownB);
    }

    private static String owner(String name, int worker, int shutdown) {
      if (worker + shutdown != 1) {
        return name + " owned " + worker + " times by the worker, " + shutdown + " by shutdown";
      }
      return (worker == 1 ? "worker " : "shutdown ") + name;
    }
  }
}
