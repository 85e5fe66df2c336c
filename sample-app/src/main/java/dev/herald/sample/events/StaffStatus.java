package dev.herald.sample.events;

/** Whether a staff member can take work. */
public enum StaffStatus {
  AVAILABLE,
  BUSY,
  AWAY,
  OFFLINE
}
