package dev.herald.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The bridge's control frames: small JSON objects with a {@code kind}, told apart from events
 * (CloudEvents, which carry {@code specversion} and no {@code kind}).
 */
final class Frames {

  static final JsonFactory JSON = JsonFactory.builder().build();

  private Frames() {}

  static String welcome(String connectionId, WebPrincipal principal, int resumeWindow) {
    return write(g -> {
      g.writeStringField("kind", "welcome");
      g.writeStringField("connectionId", connectionId);
      g.writeStringField("principal", principal.name());
      g.writeStringField("tenant", principal.tenant());
      g.writeNumberField("resumeWindow", resumeWindow);
    });
  }

  static String resumed(String after, int replayed) {
    return write(g -> {
      g.writeStringField("kind", "resumed");
      g.writeStringField("after", after);
      g.writeNumberField("replayed", replayed);
    });
  }

  static String resumeFailed(String after, int window) {
    return write(g -> {
      g.writeStringField("kind", "resume-failed");
      g.writeStringField("after", after);
      g.writeStringField("message", "event " + after + " is not among the last " + window
          + " events this bridge keeps; events since then may be missing. Reload the state this"
          + " page shows, then carry on with the live events that follow");
    });
  }

  static String dropped(long count) {
    return write(g -> {
      g.writeStringField("kind", "dropped");
      g.writeNumberField("count", count);
      g.writeStringField("message", count + " events were dropped because this client read"
          + " too slowly; reconnect with the last event id seen to fetch them");
    });
  }

  static String missed(long count) {
    return write(g -> {
      g.writeStringField("kind", "missed");
      g.writeNumberField("count", count);
      g.writeStringField("message", count + " events were missed by the bridge itself (its"
          + " intake was full); they cannot be resumed");
    });
  }

  static String subscribed(java.util.List<String> patterns) {
    return write(g -> {
      g.writeStringField("kind", "subscribed");
      g.writeArrayFieldStart("patterns");
      for (String pattern : patterns) {
        g.writeString(pattern);
      }
      g.writeEndArray();
    });
  }

  static String published(String ref, String id) {
    return write(g -> {
      g.writeStringField("kind", "published");
      if (ref != null) {
        g.writeStringField("ref", ref);
      }
      g.writeStringField("id", id);
    });
  }

  static String error(String ref, String code, String message) {
    return write(g -> {
      g.writeStringField("kind", "error");
      if (ref != null) {
        g.writeStringField("ref", ref);
      }
      g.writeStringField("code", code);
      g.writeStringField("message", message);
    });
  }

  private interface Fields {
    void write(JsonGenerator generator) throws IOException;
  }

  private static String write(Fields fields) {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      generator.writeStartObject();
      fields.write(generator);
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
