package dev.herald.sample.events;

import dev.herald.annotations.Event;
import java.util.List;

/** A staff member signed in on a WebSocket connection. */
@Event("ws:client:authenticated")
public record WsClientAuthenticated(
    String connectionId, String staffId, String role, List<String> permissions) {}
