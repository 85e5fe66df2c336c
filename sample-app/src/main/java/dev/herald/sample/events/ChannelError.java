package dev.herald.sample.events;

import dev.herald.annotations.Event;
import java.util.List;

/**
 * A messaging channel's provider refused or failed a request.
 *
 * @param affectedMessages the message ids the error concerns
 */
@Event("channel:error")
public record ChannelError(
    Channel channel, String provider, Error error, @Nullable List<String> affectedMessages) {

  /** The provider's error, with the HTTP status when it answered at all. */
  public record Error(String code, String message, @Nullable Integer httpStatus) {}
}
