package dev.herald.sample.events;

import dev.herald.annotations.Event;
import java.util.List;

/**
 * A staff member left; their conversations and tasks need someone else.
 *
 * @param activeConversations conversation ids to reassign
 * @param activeTasks task ids to reassign
 */
@Event("staff:offline")
public record StaffOffline(
    String staffId, Reason reason, List<String> activeConversations, List<String> activeTasks) {

  /** Why the staff member went offline. */
  public enum Reason {
    LOGOUT,
    TIMEOUT,
    DISCONNECTED
  }
}
