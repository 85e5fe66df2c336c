package dev.herald.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;

/** The one warning generated code suppresses, always next to a comment that says why it is safe. */
final class UncheckedCast {

  static final AnnotationSpec ANNOTATION =
      AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked").build();

  private UncheckedCast() {}
}
