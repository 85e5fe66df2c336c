package dev.herald.sample.events;

/** Every event about one message of a conversation; a listener taking it hears all five. */
public sealed interface MessageEvent
    permits MessageReceived, MessageSent, MessageDelivered, MessageRead, MessageFailed {

  String messageId();

  String conversationId();

  Channel channel();
}
