package io.quiver.client;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The small reflection-based converter behind {@link Payload#from} and {@link Payload#as}:
 * Java records and plain objects to payload maps and back. It reads public accessors only
 * (record components, public getters, public fields), so it works without opening modules.
 * Stateless and thread-safe.
 */
final class PayloadConverter {

  private static final int MAX_DEPTH = 32;

  private PayloadConverter() {}

  // ---- Java -> payload -------------------------------------------------------------------

  static Payload toPayload(Object object) {
    if (object == null) {
      return Payload.empty();
    }
    Object converted = toValue(object, "", 0);
    if (!(converted instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("a payload is made from a map, a record or an object with properties, not a "
          + object.getClass().getName());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) map;
    return Payload.of(fields);
  }

  private static Object toValue(Object v, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("payload field '" + path + "' nests deeper than " + MAX_DEPTH + " levels");
    }
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Integer
        || v instanceof Short || v instanceof Byte || v instanceof Double || v instanceof Float) {
      return v;
    }
    if (v instanceof CharSequence || v instanceof Character || v instanceof UUID) {
      return v.toString();
    }
    if (v instanceof Enum<?> e) {
      return e.name();
    }
    if (v instanceof Optional<?> o) {
      return toValue(o.orElse(null), path, depth);
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("payload field '" + path + "' has a key that is not a string: " + e.getKey());
        }
        out.put(key, toValue(e.getValue(), join(path, key), depth + 1));
      }
      return java.util.Collections.unmodifiableMap(out);
    }
    if (v instanceof Iterable<?> it) {
      List<Object> out = new ArrayList<>();
      int i = 0;
      for (Object e : it) {
        out.add(toValue(e, path + "[" + i++ + "]", depth + 1));
      }
      return java.util.Collections.unmodifiableList(out);
    }
    if (v.getClass().isArray()) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < Array.getLength(v); i++) {
        out.add(toValue(Array.get(v, i), path + "[" + i + "]", depth + 1));
      }
      return java.util.Collections.unmodifiableList(out);
    }
    if (v instanceof Number) {
      throw new IllegalArgumentException("payload field '" + path + "' is a " + v.getClass().getSimpleName()
          + "; use Long or Double (BigDecimal and BigInteger have no exact payload form)");
    }
    Class<?> type = v.getClass();
    Map<String, Object> out = new LinkedHashMap<>();
    if (type.isRecord()) {
      for (RecordComponent c : type.getRecordComponents()) {
        out.put(c.getName(), toValue(invoke(c.getAccessor(), v, path), join(path, c.getName()), depth + 1));
      }
      return java.util.Collections.unmodifiableMap(out);
    }
    if (!Modifier.isPublic(type.getModifiers()) || type.getName().startsWith("java.")) {
      throw new IllegalArgumentException("payload field '" + path + "' is a " + type.getName()
          + ", which has no payload form (use a public class or record, a map, a list or a basic value)");
    }
    for (Method m : type.getMethods()) {
      String property = propertyOf(m);
      if (property != null) {
        out.put(property, toValue(invoke(m, v, path), join(path, property), depth + 1));
      }
    }
    if (out.isEmpty()) {
      for (Field f : type.getFields()) {
        if (!Modifier.isStatic(f.getModifiers())) {
          try {
            out.put(f.getName(), toValue(f.get(v), join(path, f.getName()), depth + 1));
          } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot read field " + f, e);
          }
        }
      }
    }
    return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(out));
  }

  /** The property a public getter reads ({@code getTitle} -> {@code title}), or null. */
  private static String propertyOf(Method m) {
    if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class
        || m.getReturnType() == void.class) {
      return null;
    }
    String n = m.getName();
    if (n.startsWith("get") && n.length() > 3 && Character.isUpperCase(n.charAt(3))) {
      return decapitalize(n.substring(3));
    }
    if (n.startsWith("is") && n.length() > 2 && Character.isUpperCase(n.charAt(2))
        && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class)) {
      return decapitalize(n.substring(2));
    }
    return null;
  }

  private static String decapitalize(String s) {
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private static Object invoke(Method m, Object target, String path) {
    try {
      return m.invoke(target);
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException("payload field '" + path + "': cannot call " + m, e);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("payload field '" + path + "': " + m + " threw " + e.getCause(), e.getCause());
    }
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  // ---- payload -> Java -------------------------------------------------------------------

  static <T> T fromPayload(Map<String, ?> payload, Class<T> type) {
    @SuppressWarnings("unchecked")
    T t = (T) convert(payload, type, "");
    return t;
  }

  private static Object convert(Object v, Type target, String path) {
    Class<?> raw = rawClass(target);
    if (v == null) {
      return defaultOf(raw);
    }
    if (raw == Object.class) {
      return v;
    }
    if (raw == String.class) {
      return v instanceof String ? v : fail(path, v, "a String");
    }
    if (raw == long.class || raw == Long.class) {
      return integral(v, path, Long.MIN_VALUE, Long.MAX_VALUE);
    }
    if (raw == int.class || raw == Integer.class) {
      return (int) integral(v, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
    if (raw == short.class || raw == Short.class) {
      return (short) integral(v, path, Short.MIN_VALUE, Short.MAX_VALUE);
    }
    if (raw == byte.class || raw == Byte.class) {
      return (byte) integral(v, path, Byte.MIN_VALUE, Byte.MAX_VALUE);
    }
    if (raw == double.class || raw == Double.class) {
      return v instanceof Number n ? n.doubleValue() : fail(path, v, "a number");
    }
    if (raw == float.class || raw == Float.class) {
      return v instanceof Number n ? n.floatValue() : fail(path, v, "a number");
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return v instanceof Boolean ? v : fail(path, v, "a boolean");
    }
    if (raw == UUID.class) {
      return v instanceof String s ? UUID.fromString(s) : fail(path, v, "a UUID string");
    }
    if (raw.isEnum()) {
      if (v instanceof String s) {
        for (Object constant : raw.getEnumConstants()) {
          if (((Enum<?>) constant).name().equals(s)) {
            return constant;
          }
        }
      }
      return fail(path, v, "one of " + java.util.Arrays.toString(raw.getEnumConstants()));
    }
    if (raw.isArray() || List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw) || raw == Collection.class) {
      if (!(v instanceof List<?> list)) {
        return fail(path, v, "a list");
      }
      Type element = elementType(target);
      if (raw.isArray()) {
        Object array = Array.newInstance(raw.getComponentType(), list.size());
        for (int i = 0; i < list.size(); i++) {
          Array.set(array, i, convert(list.get(i), raw.getComponentType(), path + "[" + i + "]"));
        }
        return array;
      }
      Collection<Object> out = Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>() : new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        out.add(convert(list.get(i), element, path + "[" + i + "]"));
      }
      return out;
    }
    if (!(v instanceof Map<?, ?> map)) {
      return fail(path, v, "an object (map)");
    }
    if (Map.class.isAssignableFrom(raw)) {
      Type valueType = target instanceof ParameterizedType p ? p.getActualTypeArguments()[1] : Object.class;
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, val) -> out.put((String) k, convert(val, valueType, join(path, (String) k))));
      return raw == Payload.class ? Payload.of(out) : out;
    }
    if (raw.isRecord()) {
      RecordComponent[] components = raw.getRecordComponents();
      Object[] args = new Object[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        RecordComponent c = components[i];
        types[i] = c.getType();
        args[i] = convert(map.get(c.getName()), c.getGenericType(), join(path, c.getName()));
      }
      try {
        Constructor<?> ctor = raw.getDeclaredConstructor(types);
        ctor.setAccessible(true);
        return ctor.newInstance(args);
      } catch (ReflectiveOperationException | RuntimeException e) {
        Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
        throw new IllegalArgumentException("cannot build " + raw.getSimpleName() + (path.isEmpty() ? "" : " at '" + path + "'")
            + ": " + cause, cause);
      }
    }
    return toBean(map, raw, path);
  }

  private static Object toBean(Map<?, ?> map, Class<?> raw, String path) {
    Object bean;
    try {
      bean = raw.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot convert a payload into " + raw.getName()
          + ": it needs to be a record or have a public no-argument constructor", e);
    }
    Map<String, Method> setters = new LinkedHashMap<>();
    for (Method m : raw.getMethods()) {
      String n = m.getName();
      if (!Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 1 && n.startsWith("set") && n.length() > 3) {
        setters.put(decapitalize(n.substring(3)), m);
      }
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = (String) e.getKey();
      try {
        Method setter = setters.get(key);
        if (setter != null) {
          setter.invoke(bean, convert(e.getValue(), setter.getGenericParameterTypes()[0], join(path, key)));
          continue;
        }
        Field f = raw.getField(key);
        if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers())) {
          f.set(bean, convert(e.getValue(), f.getGenericType(), join(path, key)));
        }
      } catch (NoSuchFieldException ignored) {
        // a payload field the class does not have
      } catch (IllegalAccessException | InvocationTargetException ex) {
        throw new IllegalArgumentException("cannot set '" + join(path, key) + "' on " + raw.getSimpleName(), ex);
      }
    }
    return bean;
  }

  private static long integral(Object v, String path, long min, long max) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      long l = ((Number) v).longValue();
      if (l < min || l > max) {
        fail(path, v, "a number within " + min + ".." + max);
      }
      return l;
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && d >= min && d <= max) {
        return (long) d;
      }
    }
    fail(path, v, "an integer");
    return 0;
  }

  private static Object defaultOf(Class<?> raw) {
    if (!raw.isPrimitive()) {
      return null;
    }
    if (raw == boolean.class) {
      return false;
    }
    if (raw == char.class) {
      return '\0';
    }
    return convert(0L, raw, "");
  }

  private static Class<?> rawClass(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (t instanceof GenericArrayType g) {
      return Array.newInstance(rawClass(g.getGenericComponentType()), 0).getClass();
    }
    return Object.class; // type variables and wildcards
  }

  private static Type elementType(Type t) {
    if (t instanceof ParameterizedType p) {
      Type a = p.getActualTypeArguments()[0];
      if (a instanceof java.lang.reflect.WildcardType w) {
        return w.getUpperBounds()[0];
      }
      return a;
    }
    return Object.class;
  }

  private static Object fail(String path, Object v, String expected) {
    throw new IllegalArgumentException("payload field '" + (path.isEmpty() ? "(root)" : path) + "' holds a "
        + v.getClass().getSimpleName() + " (" + v + "), not " + expected);
  }
}
