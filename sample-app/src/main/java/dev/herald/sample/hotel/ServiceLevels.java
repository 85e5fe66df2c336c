package dev.herald.sample.hotel;

import dev.herald.sample.events.Priority;
import dev.herald.sample.events.TaskType;
import java.time.Duration;
import java.time.Instant;

/** How fast the hotel promises to act, and which department does what. */
final class ServiceLevels {

  private ServiceLevels() {}

  static Duration responseTime(Priority priority) {
    return switch (priority) {
      case CRITICAL -> Duration.ofMinutes(15);
      case HIGH -> Duration.ofMinutes(30);
      case MEDIUM -> Duration.ofMinutes(60);
      case LOW -> Duration.ofMinutes(120);
    };
  }

  static Instant dueAt(Priority priority, Instant now) {
    return now.plus(responseTime(priority));
  }

  /** The department that does a task of this type. */
  static String department(TaskType type) {
    return switch (type) {
      case HOUSEKEEPING -> "housekeeping";
      case MAINTENANCE -> "maintenance";
      case CONCIERGE -> "concierge";
      case SERVICE_REQUEST, FOLLOW_UP -> "front_desk";
      case COMPLAINT, ESCALATION -> "manager";
    };
  }
}
