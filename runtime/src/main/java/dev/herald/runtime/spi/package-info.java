/**
 * The contract between generated code and the runtime: codecs, dispatchers and catalogs. Users rarely
 * implement these themselves; the processor does.
 */
package dev.herald.runtime.spi;
