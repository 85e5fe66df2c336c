package dev.herald.runtime.internal;

import dev.herald.runtime.IdGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids that sort by creation time: a prefix, then 10 Crockford base-32 characters of milliseconds since
 * the epoch and 13 of a counter that starts at a random value, like a monotonic ULID. Within one
 * generator, ids made later in another millisecond sort later, and so do ids one thread made later,
 * even within one millisecond and if the clock steps back; generators in other processes start
 * their counters far apart, so ids do not collide.
 *
 * <p>Public only because {@code Envelope} (root package) renders the ids the bus stamped as numbers
 * with it; no compatibility promise.
 */
public final class TimeOrderedIds implements IdGenerator {

  private static final byte[] ALPHABET =
      "0123456789ABCDEFGHJKMNPQRSTVWXYZ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final String prefix;
  /** The prefix as ASCII bytes, or null if it is not ASCII (then ids are built from chars). */
  private final byte[] asciiPrefix;
  private final Clock clock;
  private final AtomicLong lastMillis = new AtomicLong();
  private final AtomicLong counter;

  public TimeOrderedIds(String prefix, Clock clock) {
    this.prefix = prefix;
    this.asciiPrefix = prefix.chars().allMatch(c -> c < 0x80)
        ? prefix.getBytes(java.nio.charset.StandardCharsets.US_ASCII) : null;
    this.clock = clock;
    // 60 random bits: room for 2^64 - 2^60 ids before the counter wraps into the sign bit.
    this.counter = new AtomicLong(new SecureRandom().nextLong() >>> 4);
  }

  @Override
  public String newId() {
    long millis = millisAt(clock.millis());
    return format(millis, nextCount());
  }

  /**
   * The millisecond part of an id made now, {@code now} being the clock's reading: never earlier than
   * that of an id made before, even if the clock stepped back.
   */
  long millisAt(long now) {
    long last = lastMillis.get();
    if (now > last) {
      // Only the first id of each millisecond writes; a lost race means another thread moved on.
      lastMillis.compareAndSet(last, now);
      return now;
    }
    return last; // the clock stepped back or stands still: keep ids ordered
  }

  /** The counter part of a new id: one atomic increment. */
  long nextCount() {
    return counter.getAndIncrement();
  }

  /**
   * The counter part of a new id made on {@code thread}: from a block of {@value #BLOCK} counts the
   * thread took from this generator, so that one atomic increment (a full fence, dearer than the
   * rest of the id) serves a thousand ids. Ids of one thread sort in the order it made them; ids of
   * two threads within one millisecond sort in no particular order.
   */
  long nextCount(CurrentEvent.State thread) {
    if (thread.idSource == this && thread.nextId != thread.idLimit) {
      return thread.nextId++;
    }
    long first = counter.getAndAdd(BLOCK);
    thread.idSource = this;
    thread.nextId = first + 1;
    thread.idLimit = first + BLOCK;
    return first;
  }

  private static final int BLOCK = 1024;

  /** Renders the id of {@code millis} and {@code count}. */
  public String format(long millis, long count) {
    if (asciiPrefix == null) {
      return prefix + format(new byte[0], millis, count);
    }
    return format(asciiPrefix, millis, count);
  }

  private static String format(byte[] prefix, long millis, long count) {
    byte[] id = java.util.Arrays.copyOf(prefix, prefix.length + 23);
    int at = prefix.length;
    for (int i = 9; i >= 0; i--) {
      id[at + i] = ALPHABET[(int) (millis & 31)];
      millis >>>= 5;
    }
    for (int i = 22; i >= 10; i--) {
      id[at + i] = ALPHABET[(int) (count & 31)];
      count >>>= 5;
    }
    return new String(id, java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
