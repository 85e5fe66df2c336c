package dev.herald.sample.events;

import dev.herald.annotations.Event;

/** A proactive message could not be sent. */
@Event("notification:failed")
public record NotificationFailed(
    String notificationId,
    NotificationType type,
    String guestId,
    Channel channel,
    ErrorDetail error) {}
