package dev.herald.sample.events;

import dev.herald.annotations.Event;

/** A staff member became available, busy or away. */
@Event("staff:status:changed")
public record StaffStatusChanged(String staffId, StaffStatus oldStatus, StaffStatus newStatus) {}
