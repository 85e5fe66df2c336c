package dev.herald.sample.simulation;

import java.time.Instant;

/**
 * Where components put work for later in simulated time: a reminder, an overdue check, a retry. Jobs
 * run one at a time on the simulation's thread, in order of time and then of key, so two jobs due at
 * the same moment run in the same order in every run, whichever thread scheduled them first.
 */
public interface Scheduler {

  /** The simulated time now. */
  Instant now();

  /**
   * Runs {@code job} at {@code when} (or at once, if that has passed).
   *
   * @param key names the job, unique among the jobs due at the same time, e.g. {@code "overdue:t-42"}
   */
  void at(Instant when, String key, Runnable job);
}
