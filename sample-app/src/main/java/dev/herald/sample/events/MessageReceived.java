package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import dev.herald.annotations.Sensitive;
import java.util.Map;

/**
 * A guest sent a message on some channel.
 *
 * <p>Critical, and never logged with its payload: it is the guest's own words.
 *
 * @param metadata channel-specific extras (a WhatsApp id, an e-mail subject); absent for most
 */
@Event(value = "message:received", critical = true, logPayload = false)
public record MessageReceived(
    String messageId,
    @OrderingKey String conversationId,
    String guestId,
    Channel channel,
    @Sensitive String content,
    ContentType contentType,
    @Sensitive @Nullable Map<String, String> metadata) implements MessageEvent {}
