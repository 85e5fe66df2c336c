package dev.herald.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the package that receives a compilation's generated contracts ({@code EventType},
 * {@code EventMap} and the catalog), when placed on its {@code package-info.java}:
 *
 * <pre>{@code
 * @EventContracts
 * package com.acme.hotel.events;
 * }</pre>
 *
 * <p>Without it, the contracts go to the longest common package of the compilation's {@link Event}
 * records. At most one package per compilation carries it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PACKAGE)
public @interface EventContracts {}
