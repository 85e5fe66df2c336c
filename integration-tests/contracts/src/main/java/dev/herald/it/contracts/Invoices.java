package dev.herald.it.contracts;

import dev.herald.annotations.DefaultValue;
import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import dev.herald.annotations.Upcast;
import java.util.Optional;

/**
 * One event in three versions, for the tests that read old documents through stores, dead letters
 * and transports: version 1 to 2 needs an upcaster (the amount changes type and gains a currency),
 * version 2 to 3 is compatible (a new optional component, a new one with a default).
 */
public final class Invoices {

  private Invoices() {}

  /** An invoice, as the first release wrote it: cents as an int, no currency. */
  @Event("invoice:issued")
  public record InvoiceIssuedV1(String invoiceId, int cents) {}

  /** An invoice with its currency. */
  @Event(value = "invoice:issued", version = 2)
  public record InvoiceIssuedV2(String invoiceId, long amountCents, String currency) {}

  /** An invoice with an optional note and its payment term. */
  @Event(value = "invoice:issued", version = 3)
  public record InvoiceIssued(@OrderingKey String invoiceId, long amountCents, String currency,
      Optional<String> note, @DefaultValue("30") int dueInDays) {}

  /** The first release billed in euros only. */
  @Upcast
  static InvoiceIssuedV2 toV2(InvoiceIssuedV1 v1) {
    return new InvoiceIssuedV2(v1.invoiceId(), v1.cents(), "EUR");
  }
}
