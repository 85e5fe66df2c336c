package dev.herald.kafka;

import java.util.ArrayDeque;

/**
 * The records of one assigned partition handed to the bus and not yet committed, in offset order.
 * A record is {@linkplain Pending#settle settled} from any thread once every local listener
 * succeeded (or it was dead-lettered); the consumer thread alone tracks and advances, and commits
 * the offset after the longest settled prefix: never past a record that is still being delivered,
 * so a crash or a rebalance delivers it again rather than losing it.
 */
final class PartitionLedger {

  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private long committable = -1;
  private long committed = -1;

  /** Tracks the record at {@code offset}, the next one delivered from this partition. */
  Pending track(long offset) {
    Pending record = new Pending(offset);
    pending.addLast(record);
    return record;
  }

  /**
   * The offset to commit now (the one after the longest settled prefix), or -1 if it is not past
   * what was last taken from here; marks it taken.
   */
  long takeCommittable() {
    while (!pending.isEmpty() && pending.peekFirst().settled) {
      committable = pending.pollFirst().offset + 1;
    }
    if (committable > committed) {
      committed = committable;
      return committable;
    }
    return -1;
  }

  /** Whether every record tracked here is settled. */
  boolean allSettled() {
    for (Pending record : pending) {
      if (!record.settled) {
        return false;
      }
    }
    return true;
  }

  /** How many tracked records are not settled yet. */
  int unsettled() {
    int n = 0;
    for (Pending record : pending) {
      if (!record.settled) {
        n++;
      }
    }
    return n;
  }

  /** One record with the bus. */
  static final class Pending {
    final long offset;
    private volatile boolean settled;

    Pending(long offset) {
      this.offset = offset;
    }

    /** Every local listener succeeded, or the record was dead-lettered: it may be committed. */
    void settle() {
      settled = true;
    }

    boolean isSettled() {
      return settled;
    }
  }
}
