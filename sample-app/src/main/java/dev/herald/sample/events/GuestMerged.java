package dev.herald.sample.events;

import dev.herald.annotations.Event;
import java.util.List;

/**
 * Several guest profiles turned out to be one person and were merged.
 *
 * @param mergedBy the staff id, or {@code system}
 */
@Event("guest:merged")
public record GuestMerged(
    String primaryGuestId, List<String> mergedGuestIds, String mergedBy, String reason) {}
