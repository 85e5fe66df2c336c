package dev.herald.runtime.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * An executor that runs nothing by itself: it keeps the turns {@link OrderedLanes} schedules, so
 * that a test runs each where and when it chooses, and sees how many a lane asked for.
 */
final class CapturedTurns implements Executor {

  private final ConcurrentLinkedQueue<Runnable> turns = new ConcurrentLinkedQueue<>();

  @Override
  public void execute(Runnable turn) {
    turns.add(turn);
  }

  /** The oldest turn not yet taken; fails if there is none, since the test expected one. */
  Runnable take() {
    Runnable turn = turns.poll();
    if (turn == null) {
      throw new IllegalStateException("no turn was scheduled");
    }
    return turn;
  }

  /** Runs every turn scheduled so far and every turn those schedule; returns how many ran. */
  int runAll() {
    int ran = 0;
    for (Runnable turn; (turn = turns.poll()) != null; ran++) {
      turn.run();
    }
    return ran;
  }

  /** Turns scheduled and not yet taken. */
  int pending() {
    return turns.size();
  }
}
