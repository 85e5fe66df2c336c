package dev.herald.sample.hotel;

import dev.herald.annotations.Subscribe;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.sample.events.AuditLog;
import dev.herald.sample.events.Change;
import dev.herald.sample.events.ConversationAssigned;
import dev.herald.sample.events.ConversationEscalated;
import dev.herald.sample.events.GuestCreated;
import dev.herald.sample.events.GuestIdentified;
import dev.herald.sample.events.GuestMerged;
import dev.herald.sample.events.GuestUpdated;
import dev.herald.sample.events.TaskAssigned;
import dev.herald.sample.events.TaskCompleted;
import dev.herald.sample.events.TaskCreated;
import dev.herald.sample.events.TaskEscalated;
import java.util.List;
import java.util.Map;

/**
 * Writes the audit trail of every hotel: who created, assigned, escalated and finished which task,
 * and what happened to guest profiles. Entries are {@code audit:log} events, which their contract
 * persists: the bus appends each to the event store (the SQLite file) before anyone hears it.
 *
 * <p>A batch listener: it hears up to 64 events at once (or what came within 200 ms, or what there
 * is when the simulation waits for the bus to settle) and publishes their entries back to back,
 * which the store's group commit writes together. Registered once for all hotels; each
 * entry carries the tenant and correlation of the event it records (a batch has no one current
 * event for the bus to carry them over from).
 */
public final class AuditTrail {

  private final EventBus bus;

  public AuditTrail(EventBus bus) {
    this.bus = bus;
  }

  @Subscribe(value = {"task:created", "task:assigned", "task:escalated", "task:completed",
      "guest:#", "conversation:escalated", "conversation:assigned"}, batchSize = 64,
      maxWaitMillis = 200)
  void record(List<Envelope<?>> events) {
    for (Envelope<?> event : events) {
      bus.publish(entry(event.type(), event.payload()), FollowUp.of(event));
    }
  }

  private static AuditLog entry(String type, Object payload) {
    String action = type.replace(':', '.');
    String resourceType = type.substring(0, type.indexOf(':'));
    String actor = "system";
    AuditLog.ActorType actorType = AuditLog.ActorType.SYSTEM;
    String resource;
    List<Change> changes = null;
    if (payload instanceof TaskCreated task) {
      resource = task.taskId();
      actorType = task.createdBy() == TaskCreated.CreatedBy.STAFF ? AuditLog.ActorType.STAFF
          : AuditLog.ActorType.SYSTEM;
    } else if (payload instanceof TaskAssigned task) {
      resource = task.taskId();
      changes = List.of(new Change("assignee", task.previousStaffId(), task.staffId()));
    } else if (payload instanceof TaskEscalated task) {
      resource = task.taskId();
      changes = List.of(new Change("priority", null, task.newPriority().name()));
    } else if (payload instanceof TaskCompleted task) {
      resource = task.taskId();
      actor = task.completedBy();
      actorType = AuditLog.ActorType.STAFF;
    } else if (payload instanceof GuestCreated guest) {
      resource = guest.guestId();
      actorType = AuditLog.ActorType.GUEST;
      actor = guest.guestId();
    } else if (payload instanceof GuestIdentified guest) {
      resource = guest.guestId();
    } else if (payload instanceof GuestUpdated guest) {
      resource = guest.guestId();
      changes = guest.changes();
    } else if (payload instanceof GuestMerged guest) {
      resource = guest.primaryGuestId();
    } else if (payload instanceof ConversationEscalated conversation) {
      resource = conversation.conversationId();
    } else if (payload instanceof ConversationAssigned conversation) {
      resource = conversation.conversationId();
      changes = List.of(new Change("staff", conversation.previousStaffId(),
          conversation.staffId()));
    } else {
      resource = "?";
    }
    return new AuditLog(action, actor, actorType, resourceType, resource, changes,
        Map.of("source", "audit-trail"), null, null, AuditLog.Severity.of(action));
  }
}
