package dev.herald.runtime.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;
import org.openjdk.jcstress.infra.results.ZZZ_Result;

/**
 * The claim of {@link DeliveryTask}: its outcome (delivered or dead-lettered) is decided exactly
 * once, by the one caller whose {@link DeliveryTask#finish} returns true, even when shutdown races
 * with a late completion.
 */
public class DeliveryTaskStress {

  /** A completion and shutdown claim one task's outcome at once; the arbiter reads the flag. */
  @JCStressTest
  @Outcome(id = {"true, false, true", "false, true, true"}, expect = ACCEPTABLE,
      desc = "Exactly one claimer may act on the outcome, and the task reads as finished.")
  @Outcome(id = "true, true, .*", expect = FORBIDDEN,
      desc = "Both claimed it: the delivery would be both delivered and dead-lettered.")
  @Outcome(id = "false, false, .*", expect = FORBIDDEN,
      desc = "Neither claimed it: the delivery would reach no outcome.")
  @Outcome(expect = FORBIDDEN, desc = "Claimed, yet not finished.")
  @State
  public static class OneOfTwoClaims {
    final DeliveryTask task = new DeliveryTask(null, null, null);

    @Actor
    public void completion(ZZZ_Result r) {
      r.r1 = task.finish();
    }

    @Actor
    public void shutdown(ZZZ_Result r) {
      r.r2 = task.finish();
    }

    @Arbiter
    public void settle(ZZZ_Result r) {
      r.r3 = task.isFinished();
    }
  }

  /**
   * An ORDERED delivery A waits for its late completion, B is queued behind it, and the bus closes:
   * close collects what the lane holds (A may be found twice) and claims each task, while A's
   * completion claims A. A is delivered or dead-lettered, never both; B, still queued, is always
   * found and dead-lettered; A's lane is freed exactly once, which schedules the one turn for B and
   * keeps B counted.
   */
  @JCStressTest
  @Outcome(id = {"A delivered, B dead-lettered, 1 turn, lane busy",
      "A dead-lettered, B dead-lettered, 1 turn, lane busy"}, expect = ACCEPTABLE,
      desc = "One outcome each; A's lane freed once.")
  @Outcome(expect = FORBIDDEN,
      desc = "A claimed twice or never, B missed or claimed twice, A's lane freed twice or never.")
  @State
  public static class CloseRacesALateCompletion {
    final CapturedTurns turns = new CapturedTurns();
    final RecordingRunner runner = new RecordingRunner();
    final OrderedLanes lanes = new OrderedLanes(turns, runner);
    final DeliveryTask a = runner.lateTask("A");
    final DeliveryTask b = runner.task("B");
    boolean delivered;
    int closedA;
    int closedB;

    public CloseRacesALateCompletion() {
      lanes.submit("key", a);
      turns.take().run(); // A's attempt begins; its outcome comes later
      lanes.submit("key", b);
    }

    @Actor
    public void completion() {
      if (a.finish()) {
        delivered = true;
        runner.complete(a);
      }
    }

    @Actor
    public void close() {
      List<DeliveryTask> found = new ArrayList<>();
      lanes.collect(found);
      for (DeliveryTask task : found) {
        if (task.finish()) {
          if (task == a) {
            closedA++;
            runner.complete(a); // dead-lettered: frees the lane as the bus's outcome does
          } else if (task == b) {
            closedB++; // never attempted: it holds no lane to free
          }
        }
      }
    }

    @Arbiter
    public void settle(L_Result r) {
      String outcomeOfA = delivered && closedA == 0 ? "A delivered"
          : !delivered && closedA == 1 ? "A dead-lettered"
          : "A delivered " + delivered + " and dead-lettered " + closedA + " times";
      String outcomeOfB =
          closedB == 1 ? "B dead-lettered" : "B dead-lettered " + closedB + " times";
      r.r1 = outcomeOfA + ", " + outcomeOfB + ", " + turns.pending() + " turn, "
          + (lanes.isIdle() ? "lane idle" : "lane busy");
    }
  }
}
