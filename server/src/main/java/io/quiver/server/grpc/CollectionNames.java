package io.quiver.server.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the collection a request is about, generically from the message's descriptor: its
 * {@code collection} string field, or the {@code name} field of the {@code *CollectionRequest}
 * messages of {@code quiver.v1.Collections}. Lookups are cached per message type. Thread-safe.
 */
final class CollectionNames {
  /** Longest name put into a log line; longer ones are cut (valid names are far shorter). */
  private static final int MAX_LOGGED = 128;

  private static final ConcurrentHashMap<Descriptor, Optional<FieldDescriptor>> FIELDS = new ConcurrentHashMap<>();

  private CollectionNames() {}

  /** The collection named in {@code message}, made safe for a log line; null when none. */
  static String of(Object message) {
    if (!(message instanceof Message m)) {
      return null;
    }
    FieldDescriptor f = FIELDS.computeIfAbsent(m.getDescriptorForType(), CollectionNames::field).orElse(null);
    if (f == null) {
      return null;
    }
    String name = (String) m.getField(f);
    return name.isEmpty() ? null : printable(name);
  }

  private static Optional<FieldDescriptor> field(Descriptor d) {
    FieldDescriptor f = d.findFieldByName("collection");
    if (f == null && d.getFullName().startsWith("quiver.v1.") && d.getName().endsWith("CollectionRequest")) {
      f = d.findFieldByName("name");
    }
    if (f == null || f.isRepeated() || f.getJavaType() != FieldDescriptor.JavaType.STRING) {
      return Optional.empty();
    }
    return Optional.of(f);
  }

  /** Cuts to {@link #MAX_LOGGED} characters and replaces control characters (no forged log lines). */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_LOGGED + 1));
    for (int i = 0; i < s.length() && i < MAX_LOGGED; i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? '?' : c);
    }
    if (s.length() > MAX_LOGGED) {
      b.append('…');
    }
    return b.toString();
  }
}
