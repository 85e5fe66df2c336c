package dev.herald.sample.events;

import dev.herald.annotations.Event;
import java.util.Map;

/**
 * A call to an outside system failed.
 *
 * @param integration which system: {@code pms}, {@code pos}, {@code housekeeping}
 */
@Event("integration:error")
public record IntegrationError(
    String integration,
    String operation,
    ErrorDetail error,
    @Nullable Map<String, String> context) {}
