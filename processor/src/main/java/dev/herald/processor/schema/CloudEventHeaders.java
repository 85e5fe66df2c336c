package dev.herald.processor.schema;

import static dev.herald.processor.schema.ValueSchemas.object;

import dev.herald.processor.model.EventModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CloudEvents 1.0 attributes of one event version, as {@code CloudEvents} in herald-runtime
 * writes them, for an AsyncAPI message's {@code headers}. In structured mode, the way Herald's
 * transports and stores carry events ({@code application/cloudevents+json}), they sit beside
 * {@code data} (the payload) in one JSON object.
 */
final class CloudEventHeaders {

  private CloudEventHeaders() {}

  static Map<String, Object> of(EventModel event) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("specversion", object("type", "string", "const", "1.0"));
    properties.put("id", object("type", "string",
        "description", "evt_ followed by a time-ordered unique id."));
    properties.put("source", object("type", "string",
        "description", "The publishing bus's source (EventBus.builder().source(...))."));
    properties.put("type", object("type", "string", "const", event.name()));
    properties.put("time", object("type", "string", "format", "date-time"));
    properties.put("datacontenttype", object("type", "string", "const", "application/json"));
    properties.put("eventversion", object("type", "integer", "const", event.version()));
    properties.put("correlationid", object("type", "string"));
    properties.put("causationid", object("type", "string",
        "description", "The id of the event whose listener published this one."));
    properties.put("tenantid", object("type", "string"));
    return object(
        "type", "object",
        "description", "CloudEvents 1.0 attributes. In structured mode"
            + " (application/cloudevents+json) they sit beside data, the payload, in one JSON"
            + " object.",
        "properties", properties,
        "required", List.of("specversion", "id", "source", "type", "time", "datacontenttype",
            "eventversion"),
        "additionalProperties", object("type", "string",
            "description", "An envelope header, as a further extension attribute."));
  }
}
