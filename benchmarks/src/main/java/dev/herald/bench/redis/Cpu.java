package dev.herald.bench.redis;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Processor time spent by this JVM and by the redis-server process between two marks, so that a
 * rate can be told apart from what it cost: on a machine whose cores are shared, a figure that moves
 * from run to run may cost the same per event. redis-server's time is read from
 * {@code /proc/<pid>/stat} (Linux; zero elsewhere).
 */
final class Cpu {

  /** Linux's USER_HZ: {@code /proc} counts processor time in hundredths of a second. */
  private static final double TICK_NANOS = 10_000_000;

  private final long redisPid;
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  Cpu(long redisPid) {
    this.redisPid = redisPid;
  }

  Mark mark() {
    return new Mark(os.getProcessCpuTime(), redisNanos(), System.nanoTime());
  }

  /** What was spent since {@code start}. */
  Mark since(Mark start) {
    Mark now = mark();
    return new Mark(now.jvmNanos - start.jvmNanos, now.redisNanos - start.redisNanos,
        now.wallNanos - start.wallNanos);
  }

  private long redisNanos() {
    try {
      String stat = Files.readString(Path.of("/proc/" + redisPid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // After the command: state is field 3, so utime (14) and stime (15) are at 11 and 12.
      return (long) ((Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_NANOS);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Processor and wall time, in nanoseconds. */
  record Mark(long jvmNanos, long redisNanos, long wallNanos) {

    /** Per event, in microseconds, and as cores busy on average. */
    String perEvent(int events, boolean withJvm) {
      double wall = Math.max(1, wallNanos);
      String redis = String.format("%.2f µs/event (%.2f cores)",
          redisNanos / 1e3 / events, redisNanos / wall);
      return withJvm ? String.format("JVM %.2f µs/event (%.2f cores), redis-server %s",
          jvmNanos / 1e3 / events, jvmNanos / wall, redis) : redis;
    }
  }
}
