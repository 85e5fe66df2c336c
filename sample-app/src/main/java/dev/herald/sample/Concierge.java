package dev.herald.sample;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventDescriptor;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.spi.Catalog;
import dev.herald.runtime.spi.ListenerDispatcher;
import dev.herald.runtime.spi.ListenerMethod;
import dev.herald.sample.events.Channel;
import dev.herald.sample.events.ContentType;
import dev.herald.sample.events.EventMap;
import dev.herald.sample.events.EventType;
import dev.herald.sample.events.MessageReceived;
import dev.herald.sample.events.Priority;
import dev.herald.sample.events.TaskCreated;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Jack the Butler, the hotel concierge. For now it shows the contracts the processor generated from
 * the records in {@code dev.herald.sample.events}: the catalog found by {@link ServiceLoader}, typed
 * keys, JSON codecs and a listener dispatcher. The in-process bus that runs them arrives with the
 * runtime issue, and this app grows into a simulated hotel day with it.
 */
public final class Concierge {

  private Concierge() {}

  public static void main(String[] args) throws Exception {
    Catalog catalog = ServiceLoader.load(Catalog.class).findFirst()
        .orElseThrow(() -> new IllegalStateException("No Herald catalog on the class path"));
    System.out.println("Jack the Butler knows " + catalog.events().size() + " events:");
    for (EventDescriptor event : catalog.events()) {
      System.out.printf("  %-24s v%d  %-22s %s%s%n", event.eventName(), event.version(),
          event.payloadType().getSimpleName(), event.critical() ? "critical " : "",
          event.description());
    }

    MessageReceived message = new MessageReceived("msg_1", "conv_7", "guest_42",
        Channel.WHATSAPP, "Could I get two extra towels in room 512?", ContentType.TEXT,
        Map.of("waId", "4915112345678"));
    byte[] json = EventMap.MESSAGE_RECEIVED.toJson(message);
    System.out.println("\nA guest's message as JSON (" + json.length + " bytes):\n  "
        + new String(json, StandardCharsets.UTF_8));
    MessageReceived decoded = EventMap.MESSAGE_RECEIVED.fromJson(json);
    System.out.println("Decoded back, equal to the original: " + decoded.equals(message));
    System.out.println("Looked up by name: " + EventType.of("message:received").key());

    TaskCreated task = new TaskCreated("task_9", "conv_7", "guest_42", TaskCreated.Type.HOUSEKEEPING,
        Priority.MEDIUM, "Two extra towels to room 512", null, Instant.parse("2026-11-22T18:00:00Z"),
        TaskCreated.CreatedBy.AI);

    FrontDesk desk = new FrontDesk();
    @SuppressWarnings("unchecked")
    ListenerDispatcher<FrontDesk> dispatcher = (ListenerDispatcher<FrontDesk>) catalog.dispatchers()
        .stream().filter(d -> d.listenerType() == FrontDesk.class).findFirst().orElseThrow();
    deliver(dispatcher, desk, envelope(EventMap.MESSAGE_RECEIVED, message, 1));
    deliver(dispatcher, desk, envelope(EventMap.TASK_CREATED, task, 2));
    System.out.println("\nThe front desk's screen, fed by the generated dispatcher:");
    desk.screen().forEach(line -> System.out.println("  " + line));
  }

  private static <T extends Record> Envelope<T> envelope(EventKey<T> key, T payload, int n) {
    return Envelope.builder(key, payload).id("evt_demo" + n).time(Instant.now()).source("concierge")
        .correlationId("req-1").build();
  }

  /** Calls every method of the listener that hears the envelope's event, highest priority first. */
  private static <L> void deliver(ListenerDispatcher<L> dispatcher, L listener, Envelope<?> envelope)
      throws Exception {
    List<ListenerMethod<L>> methods = dispatcher.methods().stream()
        .filter(m -> m.events().contains(envelope.key().payloadType()))
        .sorted((a, b) -> Integer.compare(b.priority(), a.priority()))
        .toList();
    for (ListenerMethod<L> method : methods) {
      method.invoker().invoke(listener, envelope);
    }
  }
}
