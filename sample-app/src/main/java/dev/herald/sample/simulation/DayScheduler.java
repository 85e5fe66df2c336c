package dev.herald.sample.simulation;

import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/** The simulation's timetable: jobs by time, then key; the clock jumps to each job as it runs. */
public final class DayScheduler implements Scheduler {

  /** One job of the timetable. */
  public record Job(Instant at, String key, long sequence, Runnable action) {}

  private static final Comparator<Job> ORDER = Comparator.comparing(Job::at)
      .thenComparing(Job::key)
      .thenComparingLong(Job::sequence); // only for two jobs of one key and time: a bug, but no loss

  private final SimulatedClock clock;
  private final PriorityBlockingQueue<Job> jobs = new PriorityBlockingQueue<>(256, ORDER);
  private final AtomicLong sequence = new AtomicLong();

  public DayScheduler(SimulatedClock clock) {
    this.clock = clock;
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public void at(Instant when, String key, Runnable job) {
    Instant at = when.isBefore(now()) ? now() : when;
    jobs.add(new Job(at, key, sequence.incrementAndGet(), job));
  }

  /**
   * Takes the next job due at or before {@code end} and moves the clock to its time; {@code null}
   * when there is none. The caller runs it, and lets its consequences settle before the next.
   */
  public Job next(Instant end) {
    Job head = jobs.peek();
    if (head == null || head.at().isAfter(end)) {
      return null;
    }
    Job job = jobs.poll();
    clock.advanceTo(job.at());
    return job;
  }

  /** Moves the clock to {@code end}, the end of the simulated span. */
  public void finishAt(Instant end) {
    clock.advanceTo(end);
  }

  /** Jobs still waiting (after the end of the day, for example). */
  public int pending() {
    return jobs.size();
  }
}
