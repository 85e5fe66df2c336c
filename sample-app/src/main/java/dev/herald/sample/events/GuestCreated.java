package dev.herald.sample.events;

import dev.herald.annotations.Event;
import dev.herald.annotations.Sensitive;

/**
 * Someone the hotel did not know wrote for the first time.
 *
 * @param identifier how the channel knows the guest: a phone number, an e-mail address
 */
@Event("guest:created")
public record GuestCreated(
    String guestId,
    Channel channel,
    @Sensitive String identifier,
    @Sensitive @Nullable String name) {}
