package dev.herald.runtime.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * The claims of {@link OrderedLanes}, each raced by two actors: tasks of one key run one at a time,
 * exactly once, in the order each producer submitted them; a lane that runs dry, ends its batch, or
 * whose running task finishes as its turn ends, while a task arrives, still runs the next task, in
 * exactly one turn; a refused turn settles every task once; a lane retired as a task arrives does
 * not lose it; shutdown's {@code collect} finds every task a lane still holds while its turn moves
 * on.
 *
 * <p>An outcome names the tasks attempted, in order, and adds in parentheses what went wrong: two
 * attempts of one key at once, a lane left counting a task it will never run.
 */
public class OrderedLanesStress {

  private static final Object KEY = "key";

  private static String idleness(OrderedLanes lanes) {
    return lanes.isIdle() ? "" : " (lane left busy)";
  }

  /**
   * Both producers add a task of one key to an idle lane on an executor that runs a turn at once,
   * on the thread that schedules it: whichever producer takes the lane's count from zero runs the
   * turn, which must also run the other's task or leave it to a turn of its own, never beside it.
   */
  @JCStressTest
  @Outcome(id = {"AB", "BA"}, expect = ACCEPTABLE,
      desc = "Each task ran once, one after the other, and the lane went idle.")
  @Outcome(expect = FORBIDDEN,
      desc = "A task lost or run twice, two tasks of one key at once, or the lane left busy.")
  @State
  public static class OneKeyTwoProducers {
    final RecordingRunner runner = new RecordingRunner();
    final OrderedLanes lanes = new OrderedLanes(Runnable::run, runner);
    final DeliveryTask a = runner.task("A");
    final DeliveryTask b = runner.task("B");

    @Actor
    public void producer1() {
      lanes.submit(KEY, a);
    }

    @Actor
    public void producer2() {
      lanes.submit(KEY, b);
    }

    @Arbiter
    public void settle(L_Result r) {
      r.r1 = runner.attempts() + idleness(lanes);
    }
  }

  /** One producer adds A then B, another adds C, to one key: A always runs before B. */
  @JCStressTest
  @Outcome(id = {"ABC", "ACB", "CAB"}, expect = ACCEPTABLE,
      desc = "Each task ran once, and B after A, as their producer submitted them.")
  @Outcome(expect = FORBIDDEN,
      desc = "B before A, a task lost or run twice, two at once, or the lane left busy.")
  @State
  public static class OneProducerKeepsItsOrder {
    final RecordingRunner runner = new RecordingRunner();
    final OrderedLanes lanes = new OrderedLanes(Runnable::run, runner);
    final DeliveryTask a = runner.task("A");
    final DeliveryTask b = runner.task("B");
    final DeliveryTask c = runner.task("C");

    @Actor
    public void producer1() {
      lanes.submit(KEY, a);
      lanes.submit(KEY, b);
    }

    @Actor
    public void producer2() {
      lanes.submit(KEY, c);
    }

    @Arbiter
    public void settle(L_Result r) {
      r.r1 = runner.attempts() + idleness(lanes);
    }
  }

  /**
   * A lane's turn runs its only task A and runs dry while a producer adds B: either the turn takes
   * B too, or it gives its count back first and B's producer schedules a turn, or, seeing B counted
   * but still being linked in behind A (which it cannot take until then), it hands over to a turn of
   * its own that runs both. Each task runs once, one turn at a time.
   */
  @JCStressTest
  @Outcome(id = "AB in the racing turn, 0 later turns, AB in all", expect = ACCEPTABLE,
      desc = "B arrived before the turn ran dry: the turn ran it.")
  @Outcome(id = "A in the racing turn, 1 later turns, AB in all", expect = ACCEPTABLE,
      desc = "B arrived as the lane emptied: one new turn ran it.")
  @Outcome(id = "- in the racing turn, 1 later turns, AB in all", expect = ACCEPTABLE,
      desc = "B was counted but still being linked in behind A, so A could not be taken yet: the"
          + " turn handed over to a turn of its own, which ran both.")
  @Outcome(expect = FORBIDDEN,
      desc = "B lost or run twice, a second turn while one ran, or the lane left busy.")
  @State
  public static class LaneRunsDryAsATaskArrives {
    final CapturedTurns turns = new CapturedTurns();
    final RecordingRunner runner = new RecordingRunner();
    final OrderedLanes lanes = new OrderedLanes(turns, runner);
    final DeliveryTask a = runner.task("A");
    final DeliveryTask b = runner.task("B");
    final Runnable turn;

    public LaneRunsDryAsATaskArrives() {
      lanes.submit(KEY, a);
      turn = turns.take();
    }

    @Actor
    public void turn() {
      turn.run();
    }

    @Actor
    public void producer() {
      lanes.submit(KEY, b);
    }

    @Arbiter
    public void settle(L_Result r) {
      r.r1 = afterTheRace(runner, turns, lanes);
    }
  }

  /**
   * A's outcome comes later, from another thread, as the turn that attempted it ends: either the
   * completion lands while the attempt is still under way and the turn goes on to B, or the turn
   * ends first and the completion schedules B's turn. Never both (two turns), never neither (B
   * stranded), and B never starts before A's outcome.
   */
  @JCStressTest
  @Outcome(id = "AB in the racing turn, 0 later turns, AB in all", expect = ACCEPTABLE,
      desc = "A finished during its attempt: the turn went on to B.")
  @Outcome(id = "A in the racing turn, 1 later turns, AB in all", expect = ACCEPTABLE,
      desc = "The turn ended first: A's completion started the turn that ran B.")
  @Outcome(expect = FORBIDDEN,
      desc = "B before A's outcome, B lost or run twice, two turns, or the lane left busy.")
  @State
  public static class LateCompletionRacesTheTurnsEnd {
    final CapturedTurns turns = new CapturedTurns();
    final RecordingRunner runner = new RecordingRunner();
    final OrderedLanes lanes = new OrderedLanes(turns, runner);
    final DeliveryTask a = runner.lateTask("A");
    final DeliveryTask b = runner.task("B");
    final Runnable turn;

    public LateCompletionRacesTheTurnsEnd() {
      lanes.submit(KEY, a);
      turn = turns.take();
      lanes.submit(KEY, b);
    }

    @Actor
    public void turn() {
      turn.run();
    }

    @Actor
    public void completion() {
      runner.awaitStarted(a);
      a.finish();
      runner.complete(a);
    }

    @Arbiter
    public void settle(L_Result r) {
      r.r1 = afterTheRace(runner, turns, lanes);
    }
  }

  /**
   * A turn runs the {@link OrderedLanes#BATCH} tasks queued before it and ends its batch as a
   * producer adds Z: either the turn sees Z counted and schedules the next turn, or it gives its
   * count back to zero first and Z's producer schedules it. Exactly one turn follows, and runs Z.
   */
  @JCStressTest
  @Outcome(id = "- in the racing turn, 1 later turns, Z in all", expect = ACCEPTABLE,
      desc = "The batch ended; one new turn ran Z.")
  @Outcome(expect = FORBIDDEN,
      desc = "Z run beyond the batch, lost or twice, two turns or none, or the lane left busy.")
  @State
  public static class TurnEndsItsBatchAsATaskArrives {
    final CapturedTurns turns = new CapturedTurns();
    final RecordingRunner runner = new RecordingRunner();
    final OrderedLanes lanes = new OrderedLanes(turns, runner);
    final DeliveryTask z = runner.task("Z");
    final Runnable turn;

    public TurnEndsItsBatchAsATaskArrives() {
      for (int i = 0; i < OrderedLanes.BATCH; i++) {
        lanes.submit(KEY, new DeliveryTask(null, null, null)); // unnamed: finishes at once
      }
      turn = turns.take();
    }

    @Actor
    public void turn() {
      turn.run();
    }

    @Actor
    public void producer() {
      lanes.submit(KEY, z);
    }

    @Arbiter
    public void settle(L_Result r) {
      r.r1 = afterTheRace(runner, turns, lanes);
    }
  }

  /**
   * The executor refuses every turn (it has shut down) while two producers add A and B to one
   * key: the lane settles each task as refused exactly once, attempts none, and goes idle.
   */
  @JCStressTest
  @Outcome(id = {"- \\(refused AB\\)", "- \\(refused BA\\)"}, expect = ACCEPTABLE,
      desc = "Both refused once, neither attempted, the lane idle.")
  @Outcome(expect = FORBIDDEN,
      desc = "A task attempted, refused twice or never, or the lane left busy.")
  @State
  public static class RefusedTurnSettlesEveryTask {
    final RecordingRunner runner = new RecordingRunner();
    final OrderedLanes lanes = new OrderedLanes(turn -> {
      throw new RejectedExecutionException("the executor has shut down");
    }, runner);
    final DeliveryTask a = runner.task("A");
    final DeliveryTask b = runner.task("B");

    @Actor
    public void producer1() {
      lanes.submit(KEY, a);
    }

    @Actor
    public void producer2() {
      lanes.submit(KEY, b);
    }

    @Arbiter
    public void settle(L_Result r) {
      r.r1 = runner.attempts() + idleness(lanes);
    }
  }

  /**
   * What the racing turn ran, how many turns were scheduled meanwhile, what ran in all once those
   * turns have run too, and whether the lane ended idle.
   */
  private static String afterTheRace(
      RecordingRunner runner, CapturedTurns turns, OrderedLanes lanes) {
    String racing = runner.attempts();
    int later = turns.runAll();
    return racing + " in the racing turn, " + later + " later turns, " + runner.attempts()
        + " in all" + idleness(lanes);
  }

  /**
   * The map holds one lane short of {@link OrderedLanes#IDLE_LANES}, all idle. A task X arrives for
   * one of them while a task Y of a new key fills the map and sweeps the idle lanes out: X goes to
   * its old lane before it retires, or to a new one; it is never added to a retired lane and lost.
   */
  @JCStressTest
  @Outcome(id = {"XY, idle lanes swept", "YX, idle lanes swept"}, expect = ACCEPTABLE,
      desc = "Both ran once, and the idle lanes were retired.")
  @Outcome(expect = FORBIDDEN,
      desc = "X or Y lost or run twice, a lane left busy, or the idle lanes kept.")
  @State
  public static class IdleLaneRetiredAsATaskArrives {
    final RecordingRunner runner = new RecordingRunner();
    final OrderedLanes lanes = new OrderedLanes(Runnable::run, runner);
    final DeliveryTask x = runner.task("X", 0);
    final DeliveryTask y = runner.task("Y", 1); // another key: it may run beside X

    public IdleLaneRetiredAsATaskArrives() {
      for (int key = 0; key < OrderedLanes.IDLE_LANES - 1; key++) {
        lanes.submit(key, new DeliveryTask(null, null, null)); // runs at once; its lane idles
      }
    }

    @Actor
    public void idleKey() {
      lanes.submit(0, x);
    }

    @Actor
    public void newKey() {
      lanes.submit(OrderedLanes.IDLE_LANES - 1, y);
    }

    @Arbiter
    public void settle(L_Result r) {
      int kept = lanes.lanes();
      r.r1 = runner.attempts() + idleness(lanes)
          + (kept <= 2 ? ", idle lanes swept" : ", " + kept + " lanes kept");
    }
  }

  /**
   * Shutdown collects a lane's tasks while its turn runs A and B: a task it did not find must have
   * reached its outcome by the time {@code collect} returned, or it would be neither run nor
   * dead-lettered by a closing bus.
   */
  @JCStressTest
  @Outcome(id = "A (found|finished), B (found|finished)", expect = ACCEPTABLE,
      desc = "Every task was found, or had reached its outcome before collect returned.")
  @Outcome(expect = FORBIDDEN,
      desc = "A task the lane still held was missed by collect.")
  @State
  public static class CollectWhileTheTurnMoves {
    final CapturedTurns turns = new CapturedTurns();
    final RecordingRunner runner = new RecordingRunner();
    final OrderedLanes lanes = new OrderedLanes(turns, runner);
    final DeliveryTask a = runner.task("A");
    final DeliveryTask b = runner.task("B");
    final Runnable turn;

    public CollectWhileTheTurnMoves() {
      lanes.submit(KEY, a);
      turn = turns.take();
      lanes.submit(KEY, b);
    }

    @Actor
    public void turn() {
      turn.run();
    }

    @Actor
    public void shutdown(L_Result r) {
      List<DeliveryTask> found = new ArrayList<>();
      lanes.collect(found);
      r.r1 = "A " + seen(a, found) + ", B " + seen(b, found);
    }

    private static String seen(DeliveryTask task, List<DeliveryTask> found) {
      if (found.contains(task)) {
        return "found";
      }
      return task.isFinished() ? "finished" : "missed";
    }
  }
}
