package dev.herald.sample.events;

import dev.herald.annotations.Event;
import java.time.Instant;

/** A proactive message to a guest was planned. */
@Event("notification:scheduled")
public record NotificationScheduled(
    String notificationId,
    NotificationType type,
    String guestId,
    Channel channel,
    Instant scheduledFor) {}
