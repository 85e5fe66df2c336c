package dev.herald.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Reads the decimal numbers of a free-form record component (typed {@code Object},
 * {@code Map<String, Object>}, {@code List<Object>} or a mix of them) as {@code BigDecimal},
 * exactly as written, instead of {@code Double}. Integers are read as {@code Integer}, {@code Long} or
 * {@code BigInteger} by size either way.
 *
 * <pre>{@code
 * @Event("quote.priced")
 * record QuotePriced(String id, @ExactDecimals Map<String, Object> prices) {}
 * }</pre>
 *
 * <p>The processor reports {@code [Herald/ExactDecimalsUnused]} on a component that holds no
 * free-form value, where the annotation would have no effect.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.RECORD_COMPONENT)
public @interface ExactDecimals {}
