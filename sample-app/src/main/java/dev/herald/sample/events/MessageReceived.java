package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import dev.herald.annotations.Sensitive;
import java.util.Map;

/**
 * A guest sent a message on some channel.
 *
 * @param metadata channel-specific extras; absent for most channels
 */
@Event(value = "message:received", persist = true)
public record MessageReceived(
    String messageId,
    @OrderingKey String conversationId,
    String guestId,
    Channel channel,
    @Sensitive String content,
    ContentType contentType,
    @Nullable Map<String, String> metadata) {}
