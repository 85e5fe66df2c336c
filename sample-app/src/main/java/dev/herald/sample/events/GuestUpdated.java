package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.Sensitive;
import java.util.List;

/** A guest's profile changed. */
@Event("guest:updated")
public record GuestUpdated(String guestId, @Sensitive List<Change> changes, UpdatedBy updatedBy) {

  /** Where the change came from. */
  public enum UpdatedBy {
    SYSTEM,
    STAFF,
    PMS_SYNC
  }
}
