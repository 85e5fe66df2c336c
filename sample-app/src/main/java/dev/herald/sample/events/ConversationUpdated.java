package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import java.util.List;

/** Something about a conversation changed, such as its status. */
@Event("conversation:updated")
public record ConversationUpdated(@OrderingKey String conversationId, List<Change> changes)
    implements ConversationEvent {}
