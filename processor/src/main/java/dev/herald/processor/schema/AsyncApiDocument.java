package dev.herald.processor.schema;

import static dev.herald.processor.schema.ValueSchemas.object;

import com.palantir.javapoet.ClassName;
import dev.herald.annotations.EventNames;
import dev.herald.processor.model.EventModel;
import dev.herald.processor.model.ListenerModel;
import dev.herald.processor.model.SubscriberModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import javax.lang.model.element.TypeElement;

/**
 * The AsyncAPI 3.0 document of one compilation:
 *
 * <ul>
 *   <li>a channel per event name, addressed by the name (the CloudEvents {@code type} the bus
 *       routes by), with the Redis stream of {@code herald-redis}'s default layout as
 *       {@code x-herald-redis-stream}: which events travel on Redis, under which namespace, is
 *       decided at run time;
 *   <li>a message per event version ({@code <channel>.v<version>}): the payload's schema, the
 *       CloudEvents attributes as headers, the record's Javadoc as summary and description;
 *   <li>a {@code send} operation per channel: the processor cannot see where events are published,
 *       so every event of the compilation is declared as sent;
 *   <li>a {@code receive} operation per {@code @Subscribe} method and channel it hears (by type,
 *       sealed interface or pattern), with its delivery mode as {@code x-herald-delivery}. Events
 *       of other compilations that a listener hears are not in this document: their own compilation
 *       describes them.
 * </ul>
 *
 * <p>Payload schemas are the events' JSON Schemas with every record in
 * {@code components.schemas}, referred to as {@code #/components/schemas/<record>}, written in the
 * keywords that AsyncAPI's default schema format (a superset of JSON Schema draft-07) reads alike.
 */
final class AsyncApiDocument {

  static final String RESOURCE_PATH = "META-INF/herald/asyncapi.json";

  private final RecordSchemas records;
  private final Function<EventModel, TypeElement> recordOf;

  AsyncApiDocument(RecordSchemas records, Function<EventModel, TypeElement> recordOf) {
    this.records = records;
    this.recordOf = recordOf;
  }

  /**
   * @param events ordered by name then version
   * @param listeners ordered by class name
   */
  Map<String, Object> of(String title, String version, String contractsPackage,
      List<EventModel> events, List<ListenerModel> listeners) {
    List<TypeElement> roots = events.stream().map(recordOf).toList();
    List<TypeElement> reached = records.reachable(roots);
    DefinitionNames names = new DefinitionNames(reached.stream().map(ClassName::get).toList());
    Function<ClassName, String> refs = type -> "#/components/schemas/" + names.of(type);

    Map<String, Object> channels = new LinkedHashMap<>();
    Map<String, Object> messages = new LinkedHashMap<>();
    for (EventModel event : events) {
      String channel = channelId(event.name());
      String message = messageId(event);
      @SuppressWarnings("unchecked")
      Map<String, Object> channelMessages = (Map<String, Object>) ((Map<String, Object>)
          channels.computeIfAbsent(channel, c -> channel(event.name())))
          .get("messages");
      channelMessages.put(message, object("$ref", "#/components/messages/" + message));
      TypeElement record = recordOf.apply(event);
      messages.put(message,
          message(event, records.description(record), refs.apply(ClassName.get(record))));
    }

    // Indexed once: looking each subscriber's events up in the whole list is quadratic, and a
    // compilation may hold hundreds of events and of listeners.
    Map<String, List<EventModel>> byChannel = new LinkedHashMap<>();
    Map<ClassName, List<Integer>> positionsByType = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      EventModel event = events.get(i);
      byChannel.computeIfAbsent(channelId(event.name()), c -> new ArrayList<>()).add(event);
      positionsByType.computeIfAbsent(event.type(), t -> new ArrayList<>()).add(i);
    }
    Map<String, Object> operations = new LinkedHashMap<>();
    byChannel.forEach((channel, sent) -> operations.put("send." + channel, send(channel, sent)));
    Set<String> operationIds = new HashSet<>(operations.keySet());
    for (ListenerModel listener : listeners) {
      for (SubscriberModel subscriber : listener.subscribers()) {
        receive(subscriber, events, positionsByType).forEach((channel, heard) -> {
          String id = "receive." + String.join("_", listener.type().simpleNames()) + "."
              + subscriber.methodName() + "." + channel;
          for (int n = 2; !operationIds.add(id); n++) {
            id = id.replaceFirst("(\\.\\d+)?$", "." + n); // on(A) and on(Envelope<A>)
          }
          operations.put(id, receiveOperation(listener, subscriber, channel, heard));
        });
      }
    }

    Map<String, Object> schemas = new LinkedHashMap<>();
    reached.forEach(record ->
        schemas.put(names.of(ClassName.get(record)), records.objectSchema(record, refs)));

    Map<String, Object> document = new LinkedHashMap<>();
    document.put("asyncapi", "3.0.0");
    document.put("info", object("title", title, "version", version,
        "description", "The events of " + contractsPackage + ", as their generated codecs write"
            + " them. Generated by Herald's annotation processor."));
    document.put("defaultContentType", "application/json");
    document.put("channels", channels);
    document.put("operations", operations);
    document.put("components", object("schemas", schemas, "messages", messages));
    return document;
  }

  /** The event name with {@code :} as {@code .}, as in schema paths: AsyncAPI ids take no colon. */
  static String channelId(String eventName) {
    return eventName.replace(':', '.');
  }

  static String messageId(EventModel event) {
    return channelId(event.name()) + ".v" + event.version();
  }

  private static Map<String, Object> channel(String name) {
    return object(
        "address", name,
        "title", name,
        "description", "Every version of " + name + ". In one process the bus routes by this name"
            + " (the CloudEvents type). On Redis (herald-redis) the stream is"
            + " {namespace}:stream:" + name + " with the default layout (PER_EVENT_TYPE), or"
            + " {namespace}:stream:" + EventNames.segments(name).get(0) + " per domain; the"
            + " namespace and the events a transport carries are chosen at run time.",
        "messages", new LinkedHashMap<String, Object>(),
        "x-herald-redis-stream", "{namespace}:stream:" + name);
  }

  private static Map<String, Object> message(
      EventModel event, String description, String payloadRef) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("name", event.name());
    message.put("title", event.label().replace("\"", ""));
    if (!event.description().isEmpty()) {
      message.put("summary", event.description());
    }
    if (!description.isEmpty() && !description.equals(event.description())) {
      message.put("description", description);
    }
    message.put("contentType", "application/json");
    message.put("headers", CloudEventHeaders.of(event));
    message.put("payload", object("$ref", payloadRef));
    message.put("correlationId", object(
        "description", "Herald's correlation id: set by the first publisher, inherited inside"
            + " listeners.",
        "location", "$message.header#/correlationid"));
    Map<String, Object> herald = object("record", event.type().canonicalName(),
        "version", event.version(), "critical", event.critical(), "persist", event.persist(),
        "logPayload", event.logPayload());
    if (event.orderingKey() != null) {
      herald.put("orderingKey", event.orderingKey());
    }
    message.put("x-herald-event", herald);
    return message;
  }

  /** {@code events}: those of {@code channel}. */
  private static Map<String, Object> send(String channel, List<EventModel> events) {
    return object(
        "action", "send",
        "channel", object("$ref", "#/channels/" + channel),
        "summary", "Publishes " + channel + ".",
        "description", "Declared for every event of this compilation: the processor does not see"
            + " where events are published.",
        "messages", messageRefs(channel, events));
  }

  /**
   * The events {@code subscriber} hears, by channel, in the order of {@code events}.
   * {@code positionsByType}: where each record's versions are in {@code events}.
   */
  private static Map<String, List<EventModel>> receive(SubscriberModel subscriber,
      List<EventModel> events, Map<ClassName, List<Integer>> positionsByType) {
    SortedSet<Integer> positions = new TreeSet<>();
    for (ClassName type : subscriber.events()) {
      positions.addAll(positionsByType.getOrDefault(type, List.of()));
    }
    if (!subscriber.patterns().isEmpty()) {
      for (int i = 0; i < events.size(); i++) {
        String name = events.get(i).name();
        if (subscriber.patterns().stream().anyMatch(p -> EventNames.matches(p, name))) {
          positions.add(i);
        }
      }
    }
    Map<String, List<EventModel>> heard = new LinkedHashMap<>();
    for (int i : positions) {
      EventModel event = events.get(i);
      heard.computeIfAbsent(channelId(event.name()), c -> new ArrayList<>()).add(event);
    }
    return heard;
  }

  private static Map<String, Object> receiveOperation(ListenerModel listener,
      SubscriberModel subscriber, String channel, List<EventModel> heard) {
    Map<String, Object> subscriberInfo = object(
        "listener", listener.type().canonicalName(),
        "method", subscriber.displayName(),
        "priority", subscriber.priority());
    if (subscriber.maxAttempts() > 0) { // 0: the bus's default, unknown at compile time
      subscriberInfo.put("maxAttempts", subscriber.maxAttempts());
    }
    if (!subscriber.patterns().isEmpty()) {
      subscriberInfo.put("patterns", subscriber.patterns());
    }
    return object(
        "action", "receive",
        "channel", object("$ref", "#/channels/" + channel),
        "summary", listener.type().simpleName() + "." + subscriber.displayName(),
        "messages", messageRefs(channel, heard),
        "x-herald-delivery", subscriber.delivery(),
        "x-herald-subscriber", subscriberInfo);
  }

  private static List<Object> messageRefs(String channel, List<EventModel> events) {
    List<Object> refs = new ArrayList<>();
    for (EventModel event : events) {
      refs.add(object("$ref", "#/channels/" + channel + "/messages/" + messageId(event)));
    }
    return refs;
  }
}
