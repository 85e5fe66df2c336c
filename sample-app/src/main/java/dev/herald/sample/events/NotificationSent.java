package dev.herald.sample.events;

import dev.herald.annotations.Event;

/** A proactive message went out to a guest, as the message {@code messageId}. */
@Event("notification:sent")
public record NotificationSent(
    String notificationId,
    NotificationType type,
    String guestId,
    Channel channel,
    String messageId) {}
