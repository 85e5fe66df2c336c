package dev.herald.bench.payload;

import dev.herald.annotations.Event;
import dev.herald.annotations.OrderingKey;
import io.avaje.jsonb.Json;
import java.time.Instant;

/**
 * The one payload every contender carries: ten fields (ids, an {@code Instant}, strings of realistic
 * length), about 500 bytes as JSON. {@code @Json} lets avaje-jsonb generate its adapter too.
 */
@Event("order:placed")
@Json
public record OrderPlaced(
    @OrderingKey String orderId,
    String customerId,
    String cartId,
    Instant placedAt,
    String customerName,
    String email,
    String shippingAddress,
    String currency,
    long totalCents,
    String note) {}
