package dev.herald.runtime.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;
import org.openjdk.jcstress.infra.results.ZJ_Result;
import org.openjdk.jcstress.infra.results.ZZJ_Result;

/**
 * The claims of {@link Backlog}: concurrent publishers never take more than the capacity between
 * them, a refused claim leaves nothing counted, a release makes room, no count is lost, and the
 * size is never negative (deliveries are counted out only after they were counted in).
 */
public class BacklogStress {

  /** Two publishers race for the one place left; the arbiter reads the size. */
  @JCStressTest
  @Outcome(id = {"true, false, 1", "false, true, 1"}, expect = ACCEPTABLE,
      desc = "One got the place, the other was refused and counted nothing.")
  @Outcome(id = "true, true, .*", expect = FORBIDDEN,
      desc = "Both got in: more than the capacity taken on.")
  @Outcome(id = "false, false, .*", expect = FORBIDDEN,
      desc = "Both refused though there was room: whoever counts in first is within capacity.")
  @Outcome(expect = FORBIDDEN, desc = "The size disagrees with what was admitted.")
  @State
  public static class TwoPublishersOnePlace {
    final Backlog backlog = new Backlog(1);

    @Actor
    public void publisher1(ZZJ_Result r) {
      r.r1 = backlog.tryAdd(1);
    }

    @Actor
    public void publisher2(ZZJ_Result r) {
      r.r2 = backlog.tryAdd(1);
    }

    @Arbiter
    public void settle(ZZJ_Result r) {
      r.r3 = backlog.size();
    }
  }

  /**
   * A claim of two on a capacity of one is refused and taken back while a claim of one races it.
   */
  @JCStressTest
  @Outcome(id = "false, true, 1", expect = ACCEPTABLE,
      desc = "The claim of two was refused; the claim of one got in.")
  @Outcome(id = "false, false, 0", expect = ACCEPTABLE_INTERESTING,
      desc = "The refused claim was counted for a moment and turned the other away too: refusals"
          + " err on the safe side, the capacity is never exceeded.")
  @Outcome(expect = FORBIDDEN,
      desc = "The claim of two got in, or a refused claim stayed counted.")
  @State
  public static class RefusedClaimIsTakenBack {
    final Backlog backlog = new Backlog(1);

    @Actor
    public void tooMany(ZZJ_Result r) {
      r.r1 = backlog.tryAdd(2);
    }

    @Actor
    public void one(ZZJ_Result r) {
      r.r2 = backlog.tryAdd(1);
    }

    @Arbiter
    public void settle(ZZJ_Result r) {
      r.r3 = backlog.size();
    }
  }

  /**
   * The backlog is full; a worker counts one delivery out while a publisher, whose last reading of
   * the workers' count is stale, tries to count one in.
   */
  @JCStressTest
  @Outcome(id = "true, 1", expect = ACCEPTABLE, desc = "The publisher saw the place freed.")
  @Outcome(id = "false, 0", expect = ACCEPTABLE, desc = "The publisher came before the release.")
  @Outcome(expect = FORBIDDEN, desc = "Over capacity, or a count lost.")
  @State
  public static class ReleaseMakesRoom {
    final Backlog backlog = new Backlog(1);

    public ReleaseMakesRoom() {
      backlog.tryAdd(1);
    }

    @Actor
    public void worker() {
      backlog.remove(1);
    }

    @Actor
    public void publisher(ZJ_Result r) {
      r.r1 = backlog.tryAdd(1);
    }

    @Arbiter
    public void settle(ZJ_Result r) {
      r.r2 = backlog.size();
    }
  }

  /**
   * One delivery is held; a publisher counts a retry in (beyond the capacity) while a worker counts
   * the held one out: neither count is lost.
   */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "One in, one out: one left.")
  @Outcome(expect = FORBIDDEN, desc = "A count in or out was lost.")
  @State
  public static class CountsInAndOutAreNotLost {
    final Backlog backlog = new Backlog(1);

    public CountsInAndOutAreNotLost() {
      backlog.add(1);
    }

    @Actor
    public void retry() {
      backlog.add(1);
    }

    @Actor
    public void worker() {
      backlog.remove(1);
    }

    @Arbiter
    public void settle(J_Result r) {
      r.r1 = backlog.size();
    }
  }

  /** A delivery is counted in and then out while an observer (idleness, a gauge) reads the size. */
  @JCStressTest
  @Outcome(id = {"0", "1"}, expect = ACCEPTABLE, desc = "Before, during or after the delivery.")
  @Outcome(id = "-1", expect = FORBIDDEN,
      desc = "Negative: the count out was seen without the count in before it.")
  @Outcome(expect = FORBIDDEN, desc = "A size the delivery never gave.")
  @State
  public static class SizeIsNeverNegative {
    final Backlog backlog = new Backlog(1);

    @Actor
    public void delivery() {
      backlog.add(1);
      backlog.remove(1);
    }

    @Actor
    public void observer(J_Result r) {
      r.r1 = backlog.size();
    }
  }
}
