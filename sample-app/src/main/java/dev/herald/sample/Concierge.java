package dev.herald.sample;

import dev.herald.runtime.DeadLetter;
import dev.herald.runtime.DeadLetterQuery;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.Metadata;
import dev.herald.runtime.RetryPolicy;
import dev.herald.runtime.SubscribeOptions;
import dev.herald.sample.events.Channel;
import dev.herald.sample.events.ContentType;
import dev.herald.sample.events.ConversationEscalated;
import dev.herald.sample.events.EventMap;
import dev.herald.sample.events.IntentClassified;
import dev.herald.sample.events.MessageReceived;
import dev.herald.sample.events.Priority;
import dev.herald.sample.events.TaskCreated;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Jack the Butler, the hotel concierge, in miniature: one guest's message flows through an AI step,
 * an escalation and a task, on the in-process bus, with a flaky notifier whose failed delivery is
 * dead-lettered and then replayed. The full simulated hotel day is the sample app's own issue.
 */
public final class Concierge {

  private Concierge() {}

  public static void main(String[] args) throws Exception {
    try (EventBus bus = EventBus.builder()
        .source("concierge")
        .retry(RetryPolicy.defaults().withBackoff(Duration.ofMillis(10), Duration.ofMillis(50)))
        .build()) {
      System.out.println("Jack the Butler knows " + bus.events().size() + " events:");
      for (EventKey<?> key : bus.events()) {
        System.out.printf("  %-32s v%d  %s%n", key.name(), key.version(),
            key.descriptor().description());
      }

      FrontDesk desk = new FrontDesk();
      bus.register(desk);
      // The AI engine: classifies every guest message and escalates angry ones.
      bus.subscribe(MessageReceived.class, message -> {
        boolean angry = message.content().contains("unacceptable");
        bus.publish(new IntentClassified(message.conversationId(), message.messageId(),
            angry ? "complaint" : "amenity_request", angry ? 0.93 : 0.88, List.of(),
            new IntentClassified.Sentiment(angry ? IntentClassified.Polarity.NEGATIVE
                : IntentClassified.Polarity.NEUTRAL, angry ? -0.8 : 0.1)));
        if (angry) {
          bus.publish(new ConversationEscalated(message.conversationId(), message.guestId(),
              ConversationEscalated.Reason.NEGATIVE_SENTIMENT, Priority.HIGH,
              new ConversationEscalated.Context(List.of(message.content()), "negative",
                  "complaint")));
        } else {
          bus.publish(new TaskCreated("task_" + message.messageId(), message.conversationId(),
              message.guestId(), TaskCreated.Type.HOUSEKEEPING, Priority.MEDIUM,
              "Two extra towels to room 512", null, null, TaskCreated.CreatedBy.AI));
        }
      });
      // A guest notifier whose SMS provider is down until we fix it.
      AtomicBoolean providerUp = new AtomicBoolean(false);
      bus.subscribe(EventMap.TASK_CREATED, task -> {
        if (!providerUp.get()) {
          throw new IllegalStateException("SMS provider unreachable");
        }
        desk.screen().add("guest notified about " + task.taskId());
      }, SubscribeOptions.named("sms-notifier").maxAttempts(2));

      MessageReceived towels = new MessageReceived("msg_1", "conv_7", "guest_42",
          Channel.WHATSAPP, "Could I get two extra towels in room 512?", ContentType.TEXT,
          Map.of("waId", "4915112345678"));
      Envelope<MessageReceived> sent =
          bus.publish(towels, Metadata.builder().correlationId("req-1").tenant("grand-hotel").build());
      bus.publish(new MessageReceived("msg_2", "conv_8", "guest_7", Channel.SMS,
          "The noise is unacceptable!", ContentType.TEXT, null));
      bus.awaitIdle(Duration.ofSeconds(5));

      byte[] json = EventMap.MESSAGE_RECEIVED.toJson(towels);
      System.out.println("\nThe first message as JSON (" + json.length + " bytes): "
          + new String(json, StandardCharsets.UTF_8));
      System.out.println("Published as " + sent.id() + ", correlation " + sent.correlationId());

      System.out.println("\nThe front desk's screen:");
      desk.screen().forEach(line -> System.out.println("  " + line));

      List<DeadLetter> letters = bus.deadLetters().list(DeadLetterQuery.all());
      System.out.println("\nDead letters: " + letters.size());
      letters.forEach(letter -> System.out.println("  " + letter.id() + " " + letter.envelope().type()
          + " for " + letter.subscriber() + " after " + letter.attempts() + " attempts: "
          + letter.errorMessage()));
      providerUp.set(true);
      int replayed = bus.replay(DeadLetterQuery.all());
      System.out.println("Provider back up; replayed " + replayed + ", dead letters left: "
          + bus.deadLetters().count(DeadLetterQuery.all()));
      desk.screen().stream().filter(line -> line.startsWith("guest notified"))
          .forEach(line -> System.out.println("  " + line));
      System.out.println("\nGood night from Jack the Butler.");
    }
  }
}
