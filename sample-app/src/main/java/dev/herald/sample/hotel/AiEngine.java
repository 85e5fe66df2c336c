package dev.herald.sample.hotel;

import dev.herald.annotations.Delivery;
import dev.herald.annotations.Subscribe;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.Metadata;
import dev.herald.sample.events.AiError;
import dev.herald.sample.events.AiEscalationTriggered;
import dev.herald.sample.events.AiIntentClassified;
import dev.herald.sample.events.AiIntentClassified.Entity;
import dev.herald.sample.events.AiIntentClassified.Sentiment;
import dev.herald.sample.events.AiResponseGenerated;
import dev.herald.sample.events.AiResponseGenerated.ResponseType;
import dev.herald.sample.events.AiResponseGenerated.TokensUsed;
import dev.herald.sample.events.AiSkillExecuted;
import dev.herald.sample.events.ConversationEscalated;
import dev.herald.sample.events.ErrorDetail;
import dev.herald.sample.events.EscalationReason;
import dev.herald.sample.events.GuestIdentified;
import dev.herald.sample.events.GuestMerged;
import dev.herald.sample.events.KnowledgeEmbeddingCompleted;
import dev.herald.sample.events.KnowledgeUpdated;
import dev.herald.sample.events.MessageReceived;
import dev.herald.sample.events.MessageSent;
import dev.herald.sample.events.Priority;
import dev.herald.sample.events.TaskCreated;
import dev.herald.sample.hotel.IntentRules.Kind;
import dev.herald.sample.hotel.IntentRules.Reading;
import dev.herald.sample.simulation.Dice;
import dev.herald.sample.simulation.Scheduler;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads every guest message, works out intent and mood, and either answers, acts (a skill that opens
 * a task) or hands the conversation to a person. Rule-based: no external service.
 *
 * <p>Messages arrive ORDERED per conversation: one conversation's messages are read one after
 * another, in the order the guest wrote them, so its memory (the last messages, the misunderstandings
 * so far) needs no lock; different conversations are read in parallel.
 */
public final class AiEngine {

  static final String PROVIDER = "jack-rules-v1";

  /** What the engine remembers of one conversation; touched only from that conversation's lane. */
  private static final class Memory {
    final Deque<String> lastMessages = new ArrayDeque<>();
    int misunderstandings;
  }

  private final EventBus bus;
  private final Scheduler clock;
  private final Dice dice;
  private final Map<String, Memory> memories = new ConcurrentHashMap<>();
  private final Set<String> vips = ConcurrentHashMap.newKeySet();

  public AiEngine(EventBus bus, Scheduler clock, Dice dice) {
    this.bus = bus;
    this.clock = clock;
    this.dice = dice;
  }

  @Subscribe(delivery = Delivery.ORDERED)
  void read(Envelope<MessageReceived> envelope) {
    respond(envelope.payload());
  }

  /** VIPs get a person for anything beyond a question. */
  @Subscribe
  void identified(GuestIdentified guest) {
    if ("platinum".equals(guest.loyaltyTier())) {
      vips.add(guest.guestId());
    }
  }

  @Subscribe
  void merged(GuestMerged merged) {
    if (vips.contains(merged.primaryGuestId())) {
      vips.addAll(merged.mergedGuestIds());
    }
  }

  /** Indexes a changed knowledge-base page so answers use it. */
  @Subscribe
  void learn(KnowledgeUpdated page) {
    bus.publish(new KnowledgeEmbeddingCompleted(page.path(),
        3 + dice.below(20, "chunks:" + page.path()), 40 + dice.below(400, "embed:" + page.path())));
  }

  private void respond(MessageReceived message) {
    Memory memory = memories.computeIfAbsent(message.conversationId(), c -> new Memory());
    remember(memory, message.content());
    if (dice.chance(0.04, "ai-timeout:" + message.messageId())) {
      // The provider timed out once; the engine retried and carries on. Seen in the report.
      bus.publish(new AiError(message.conversationId(), AiError.ErrorType.TIMEOUT, PROVIDER,
          new ErrorDetail("ETIMEDOUT", "no answer within 2000 ms"), 1));
    }
    Reading reading = IntentRules.read(message.content());
    bus.publish(new AiIntentClassified(message.conversationId(), message.messageId(),
        reading.intent().name(), reading.confidence(), entities(reading),
        new Sentiment(reading.polarity(), reading.sentiment())));

    EscalationReason reason = escalationReason(message, reading, memory);
    if (reason != null) {
      escalate(message, reading, memory, reason);
    } else if (reading.intent().kind() == Kind.SERVICE) {
      act(message, reading);
    } else {
      boolean understood = reading.confidence() >= 0.5;
      if (!understood) {
        memory.misunderstandings++;
      }
      answer(message, reading, understood ? ResponseType.ANSWER : ResponseType.CLARIFICATION,
          understood ? reading.intent().answer() : IntentRules.UNKNOWN.answer());
    }
  }

  private EscalationReason escalationReason(MessageReceived message, Reading reading, Memory memory) {
    Kind kind = reading.intent().kind();
    if (kind == Kind.HUMAN) {
      return EscalationReason.EXPLICIT_REQUEST;
    }
    if (kind == Kind.COMPLAINT) {
      return EscalationReason.COMPLAINT;
    }
    if (reading.sentiment() <= -0.6) {
      return EscalationReason.NEGATIVE_SENTIMENT;
    }
    if (kind == Kind.SERVICE && reading.alsoMentioned().stream()
        .filter(i -> i.kind() == Kind.SERVICE).count() >= 1) {
      return EscalationReason.COMPLEX_REQUEST;
    }
    if (kind == Kind.SERVICE && vips.contains(message.guestId())) {
      return EscalationReason.VIP_GUEST;
    }
    if (reading.confidence() < 0.5 && memory.misunderstandings >= 1) {
      return EscalationReason.REPEATED_FAILURE;
    }
    return null;
  }

  private void escalate(MessageReceived message, Reading reading, Memory memory,
      EscalationReason reason) {
    boolean vip = vips.contains(message.guestId());
    Priority priority = switch (reason) {
      case COMPLAINT, NEGATIVE_SENTIMENT -> vip ? Priority.CRITICAL : Priority.HIGH;
      case VIP_GUEST -> Priority.HIGH;
      case EXPLICIT_REQUEST -> vip ? Priority.HIGH : Priority.MEDIUM;
      default -> Priority.MEDIUM;
    };
    bus.publish(new AiEscalationTriggered(message.conversationId(), reason, reading.confidence(),
        priority));
    bus.publish(new AiResponseGenerated(message.conversationId(), message.messageId(),
        reading.intent().name(), reading.confidence(), ResponseType.ESCALATION,
        tokens(message), latencyMs(message)));
    // Critical: the task board opens a task for it; if nobody heard it, it would be dead-lettered.
    // An angry VIP jumps the queue: its asynchronous deliveries (the dashboard's) go before the
    // ordinary work the bus's workers have queued.
    Metadata urgency = priority == Priority.CRITICAL
        ? Metadata.builder().priority(10).build() : Metadata.none();
    bus.publish(new ConversationEscalated(message.conversationId(), message.guestId(), reason,
        priority, new ConversationEscalated.Context(List.copyOf(memory.lastMessages),
            reading.polarity().name().toLowerCase(java.util.Locale.ROOT), reading.intent().name())),
        urgency);
  }

  private void act(MessageReceived message, Reading reading) {
    String taskId = "t-" + message.messageId();
    bus.publish(new AiSkillExecuted(message.conversationId(), "open-service-request",
        Map.of("taskType", reading.intent().taskType().name().toLowerCase(java.util.Locale.ROOT),
            "intent", reading.intent().name()),
        new AiSkillExecuted.Result(true, null, taskId, null),
        5 + dice.below(60, "skill:" + message.messageId())));
    Priority priority = reading.polarity() == AiIntentClassified.Polarity.NEGATIVE
        ? Priority.HIGH : Priority.MEDIUM;
    bus.publish(new TaskCreated(taskId, message.conversationId(), message.guestId(),
        reading.intent().taskType(), priority, title(reading), null,
        ServiceLevels.dueAt(priority, clock.now()), TaskCreated.CreatedBy.AI));
    answer(message, reading, ResponseType.ACTION, reading.intent().answer());
  }

  private void answer(MessageReceived message, Reading reading, ResponseType type, String text) {
    bus.publish(new AiResponseGenerated(message.conversationId(), message.messageId(),
        reading.intent().name(), reading.confidence(), type, tokens(message), latencyMs(message)));
    bus.publish(new MessageSent("r-" + message.messageId(), message.conversationId(),
        message.guestId(), message.channel(), text, MessageSent.OutgoingContent.TEXT,
        MessageSent.SentBy.AI, null));
  }

  private static void remember(Memory memory, String content) {
    memory.lastMessages.addLast(content);
    if (memory.lastMessages.size() > 5) {
      memory.lastMessages.removeFirst();
    }
  }

  private static List<Entity> entities(Reading reading) {
    return reading.alsoMentioned().stream()
        .map(i -> new Entity("intent", i.name(), 0.6))
        .toList();
  }

  private static String title(Reading reading) {
    String name = reading.intent().name();
    return name.substring(name.indexOf('.') + 1).replace('_', ' ');
  }

  private static TokensUsed tokens(MessageReceived message) {
    return new TokensUsed(180 + message.content().length() / 4, 40 + message.content().length() / 3);
  }

  private long latencyMs(MessageReceived message) {
    return 250 + dice.below(900, "latency:" + message.messageId());
  }
}
