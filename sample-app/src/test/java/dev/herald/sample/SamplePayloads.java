package dev.herald.sample;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Builds a payload of any event record with every component filled: a value of its type, one
 * element in each collection and map, each enum's last constant, nested records filled alike. A
 * test helper: the sample app's records have no validating constructors.
 */
final class SamplePayloads {

  private SamplePayloads() {}

  /** A payload with every component filled. */
  static Record filled(Class<?> record) {
    return build(record, -1);
  }

  /** A payload with every component filled but component {@code index}, which is {@code null}. */
  static Record withNull(Class<?> record, int index) {
    return build(record, index);
  }

  private static Record build(Class<?> record, int nullIndex) {
    RecordComponent[] components = record.getRecordComponents();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = i == nullIndex
          ? null : value(components[i].getGenericType(), components[i].getName());
    }
    try {
      Constructor<?> constructor = record.getDeclaredConstructor(
          Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      constructor.setAccessible(true);
      return (Record) constructor.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot build " + record.getName(), e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // enums and maps built from reflected classes
  private static Object value(Type type, String name) {
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      Type[] arguments = parameterized.getActualTypeArguments();
      if (raw == List.class || raw == java.util.Collection.class) {
        return List.of(value(arguments[0], name));
      }
      if (raw == Set.class) {
        return Set.of(value(arguments[0], name));
      }
      if (raw == Optional.class) {
        return Optional.of(value(arguments[0], name));
      }
      if (raw == Map.class) {
        Object value = value(arguments[1], name);
        if (arguments[0] instanceof Class<?> key && key.isEnum()) {
          Map map = new EnumMap(key);
          map.put(lastConstant(key), value);
          return map;
        }
        return Map.of("key", value);
      }
      throw new AssertionError("no sample for " + type);
    }
    Class<?> raw = (Class<?>) type;
    if (raw == String.class) {
      return name + "-1";
    } else if (raw == int.class || raw == Integer.class) {
      return 42;
    } else if (raw == long.class || raw == Long.class) {
      return 4_200_000_000L;
    } else if (raw == double.class || raw == Double.class) {
      return 0.75;
    } else if (raw == float.class || raw == Float.class) {
      return 0.5f;
    } else if (raw == boolean.class || raw == Boolean.class) {
      return true;
    } else if (raw == Instant.class) {
      return Instant.parse("2024-05-01T12:30:00.123Z");
    } else if (raw == LocalDate.class) {
      return LocalDate.of(2024, 5, 1);
    } else if (raw == Duration.class) {
      return Duration.ofMinutes(90);
    } else if (raw == UUID.class) {
      return UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    } else if (raw == BigDecimal.class) {
      return new BigDecimal("12.50");
    } else if (raw.isEnum()) {
      return lastConstant(raw);
    } else if (raw.isRecord()) {
      return filled(raw);
    }
    throw new AssertionError("no sample for " + type);
  }

  private static Object lastConstant(Class<?> type) {
    List<Object> constants = new ArrayList<>(Arrays.asList(type.getEnumConstants()));
    return constants.get(constants.size() - 1);
  }
}
