package dev.herald.redis.it;

import dev.herald.annotations.DefaultValue;
import dev.herald.annotations.Event;
import dev.herald.annotations.Upcast;
import java.util.Optional;

/**
 * One event in three versions: an older service still publishes version 1, a newer one listens to
 * version 3. Version 1 to 2 is an {@code @Upcast} method, 2 to 3 a generated copy.
 */
public final class Invoices {

  private Invoices() {}

  /** An invoice as the old service writes it: cents as an int, no currency. */
  @Event("invoice:issued")
  public record InvoiceIssuedV1(String invoiceId, int cents) {}

  /** An invoice with its currency. */
  @Event(value = "invoice:issued", version = 2)
  public record InvoiceIssuedV2(String invoiceId, long amountCents, String currency) {}

  /** An invoice with an optional note and its payment term. */
  @Event(value = "invoice:issued", version = 3)
  public record InvoiceIssued(String invoiceId, long amountCents, String currency,
      Optional<String> note, @DefaultValue("30") int dueInDays) {}

  /** The old service bills in euros only. */
  @Upcast
  static InvoiceIssuedV2 toV2(InvoiceIssuedV1 v1) {
    return new InvoiceIssuedV2(v1.invoiceId(), v1.cents(), "EUR");
  }
}
