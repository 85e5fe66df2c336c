package dev.herald.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Small JSON answers of the HTTP endpoints: {@code {"error":…,"message":…}} and the like. */
final class HttpAnswers {

  /** The longest message an error answer carries; a decoder's reason can quote the input. */
  static final int MAX_MESSAGE = 512;

  private static final JsonFactory JSON = new JsonFactory();

  private HttpAnswers() {}

  static boolean error(Response response, Callback callback, int status, String code,
      String message) {
    return send(response, callback, status, json -> {
      json.writeStartObject();
      json.writeStringField("error", code);
      json.writeStringField("message", bounded(message));
      json.writeEndObject();
    });
  }

  static boolean accepted(Response response, Callback callback, List<String> accepted,
      List<String> duplicates) {
    return send(response, callback, 202, json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("accepted");
      for (String id : accepted) {
        json.writeString(id);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("duplicates");
      for (String id : duplicates) {
        json.writeString(id);
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  static String bounded(String message) {
    String text = message == null ? "" : message;
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 1) + "…";
  }

  private interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  private static boolean send(Response response, Callback callback, int status, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      body.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(out.toByteArray()), callback);
    return true;
  }
}
