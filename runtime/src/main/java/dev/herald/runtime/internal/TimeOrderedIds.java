package dev.herald.runtime.internal;

import dev.herald.runtime.IdGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids that sort by creation time: a prefix, then 10 Crockford base-32 characters of milliseconds since
 * the epoch and 13 of a counter that starts at a random value, like a monotonic ULID. Within one
 * generator, ids made later sort later, even within one millisecond and if the clock steps back;
 * generators in other processes start their counters far apart, so ids do not collide.
 */
public final class TimeOrderedIds implements IdGenerator {

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private final String prefix;
  private final Clock clock;
  private final AtomicLong lastMillis = new AtomicLong();
  private final AtomicLong counter;

  public TimeOrderedIds(String prefix, Clock clock) {
    this.prefix = prefix;
    this.clock = clock;
    // 60 random bits: room for 2^64 - 2^60 ids before the counter wraps into the sign bit.
    this.counter = new AtomicLong(new SecureRandom().nextLong() >>> 4);
  }

  @Override
  public String newId() {
    long millis = clock.millis();
    long last = lastMillis.get();
    if (millis > last) {
      // Only the first id of each millisecond writes; a lost race means another thread moved on.
      lastMillis.compareAndSet(last, millis);
    } else {
      millis = last; // the clock stepped back or stands still: keep ids ordered
    }
    long count = counter.getAndIncrement();
    char[] id = new char[prefix.length() + 23];
    prefix.getChars(0, prefix.length(), id, 0);
    int at = prefix.length();
    for (int i = 9; i >= 0; i--) {
      id[at + i] = ALPHABET[(int) (millis & 31)];
      millis >>>= 5;
    }
    for (int i = 22; i >= 10; i--) {
      id[at + i] = ALPHABET[(int) (count & 31)];
      count >>>= 5;
    }
    return new String(id);
  }
}
