package dev.herald.processor.json;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.herald.processor.testing.Compiler;
import dev.herald.processor.testing.InMemoryClassLoader;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.generated.JsonCodec;
import dev.herald.runtime.generated.JsonSupport;
import dev.herald.runtime.wire.JsonLimits;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.tools.JavaFileObject;

/**
 * Compiles record sources with Herald's processor (with {@code -Werror}, so generated codecs must
 * be warning-free), loads the result and runs the generated codecs.
 */
final class CodecHarness {

  final Compilation compilation;
  final InMemoryClassLoader loader;

  private CodecHarness(Compilation compilation) {
    this.compilation = compilation;
    this.loader = InMemoryClassLoader.of(compilation);
  }

  static CodecHarness compile(JavaFileObject... sources) {
    Compilation compilation = Compiler.compile(new String[] {"-Werror"}, sources);
    assertThat(compilation).succeeded();
    return new CodecHarness(compilation);
  }

  /** A harness for a compilation that must have succeeded. */
  static CodecHarness wrap(Compilation compilation) {
    return new CodecHarness(compilation);
  }

  /** A record of the compilation, built with its canonical constructor. */
  Record record(String binaryName, Object... args) {
    Class<?> type = loader.load(binaryName);
    Class<?>[] parameters = Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getType).toArray(Class<?>[]::new);
    try {
      Constructor<?> constructor = type.getDeclaredConstructor(parameters);
      constructor.setAccessible(true);
      return (Record) constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new AssertionError("constructor of " + binaryName + " failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** A constant of an enum of the compilation. */
  Object constant(String binaryName, String name) {
    for (Object constant : loader.load(binaryName).getEnumConstants()) {
      if (((Enum<?>) constant).name().equals(name)) {
        return constant;
      }
    }
    throw new AssertionError(binaryName + " has no constant " + name);
  }

  /** The generated codec of a record, by the record's binary name ({@code com.acme.A$B}). */
  @SuppressWarnings("unchecked")
  JsonCodec<Record> codec(String recordBinaryName) {
    String packageName = recordBinaryName.substring(0, recordBinaryName.lastIndexOf('.'));
    String simple = recordBinaryName.substring(packageName.length() + 1).replace('$', '_');
    return (JsonCodec<Record>) loader.instance(packageName + "." + simple + "JsonCodec");
  }

  /** The key of an event, from the generated EventMap. */
  @SuppressWarnings("unchecked")
  EventKey<Record> key(String eventMap, String constant) {
    try {
      return (EventKey<Record>) loader.load(eventMap).getField(constant).get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static String json(JsonCodec<Record> codec, Record value) {
    return new String(JsonSupport.toBytes(codec, value), StandardCharsets.UTF_8);
  }

  static Record decode(JsonCodec<Record> codec, String json) {
    return JsonSupport.fromBytes(codec, json.getBytes(StandardCharsets.UTF_8),
        JsonLimits.defaults());
  }
}
