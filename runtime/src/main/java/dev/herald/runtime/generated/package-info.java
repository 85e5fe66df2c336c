/**
 * The contract between the code the processor generates and the runtime: catalogs, codecs,
 * dispatchers and the JSON support they call. Public because generated code in users' packages
 * calls it; not an API for hand-written code, and it changes in step with {@code herald-processor}
 * (use the same version of both, as the BOM does).
 */
package dev.herald.runtime.generated;
