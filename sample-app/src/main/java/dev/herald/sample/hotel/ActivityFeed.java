package dev.herald.sample.hotel;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.Subscribe;
import dev.herald.sample.events.AuditLog;
import java.util.concurrent.atomic.LongAdder;

/**
 * One hotel's activity feed on the staff dashboard: its audit entries as they are written. Audit
 * entries are critical, so someone must be listening.
 *
 * <p>Only while the audit trail stays in the process: when its entries travel over Redis to a group
 * of instances, an entry reaches one instance, perhaps one that does not run this hotel, so a
 * per-hotel listener would see a share of them; the {@link HeadOffice} hears them there.
 */
public final class ActivityFeed {

  private final LongAdder entries = new LongAdder();

  @Subscribe(delivery = Delivery.ASYNC)
  void activity(AuditLog entry) {
    entries.increment();
  }

  public long entries() {
    return entries.sum();
  }
}
