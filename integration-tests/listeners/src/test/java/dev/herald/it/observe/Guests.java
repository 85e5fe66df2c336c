package dev.herald.it.observe;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import dev.herald.annotations.Sensitive;

/** Contracts with secrets in them, for the observability tests. */
public final class Guests {

  private Guests() {}

  /** How to reach a guest: personal. */
  public record Contact(String name, @Sensitive String phone) {}

  /** A guest wrote to the hotel. */
  @Event("obs:message")
  public record GuestMessage(@OrderingKey String conversationId, @Sensitive String content,
      Contact contact) {}

  /** A card was charged; stored, and its payload never logged. */
  @Event(value = "obs:payment", logPayload = false, persist = true)
  public record PaymentCaptured(String cardNumber, long cents) {}

  /** A reply to a guest. */
  @Event("obs:reply")
  public record Reply(String conversationId, String text) {}

  static final String PHONE = "+47 555 0199";
  static final String CONTENT = "my room code is 8812";
  static final String CARD = "4111111111111111";

  static GuestMessage message(String conversation) {
    return new GuestMessage(conversation, CONTENT, new Contact("Ann", PHONE));
  }
}
