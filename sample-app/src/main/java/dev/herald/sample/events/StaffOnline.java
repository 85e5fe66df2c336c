package dev.herald.sample.events;

import dev.herald.annotations.Event;
import java.util.List;

/** A staff member started their shift and can take conversations on these channels. */
@Event("staff:online")
public record StaffOnline(String staffId, String name, String role, List<Channel> channels) {}
