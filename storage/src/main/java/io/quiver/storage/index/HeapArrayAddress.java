package io.quiver.storage.index;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.OptionalLong;

/**
 * Where a heap {@code float[]}'s first element sits in memory right now, where the JVM lets us
 * see it: used to start a chunk's vectors on a 64-byte boundary (see {@link
 * ChunkedVectorStore}).
 *
 * <p>Java has no public way to read an array's address. The foreign function API passes a heap
 * array to a native function as a pointer when the downcall is marked {@code critical} with heap
 * access, and C's {@code memset} returns its first argument: {@code memset(array, 0, 0)} writes
 * nothing and hands the pointer back. That needs native access enabled for this module (the
 * server and the tests run with {@code --enable-native-access=ALL-UNNAMED}, for RocksDB); without
 * it, or if the lookup fails, {@link #of} is empty and nothing is aligned.
 *
 * <p>The address is a snapshot: a collector may move the array afterwards. Callers use it only
 * to choose a layout that is faster when it still holds, never for correctness.
 */
final class HeapArrayAddress {
  private static final MethodHandle MEMSET = memset();

  private HeapArrayAddress() {}

  /** The address of {@code array[0]} at this moment, or empty when it cannot be seen. */
  static OptionalLong of(float[] array) {
    if (MEMSET == null || array.length == 0) {
      return OptionalLong.empty();
    }
    try {
      MemorySegment pointer = (MemorySegment) MEMSET.invokeExact(MemorySegment.ofArray(array), 0, 0L);
      return OptionalLong.of(pointer.address());
    } catch (Error e) {
      throw e;
    } catch (Throwable e) { // invokeExact declares Throwable; a failed call only means "unknown"
      return OptionalLong.empty();
    }
  }

  private static MethodHandle memset() {
    if (!HeapArrayAddress.class.getModule().isNativeAccessEnabled()) {
      return null; // would print a warning on every JVM without the flag; align nothing instead
    }
    try {
      Linker linker = Linker.nativeLinker();
      return linker.defaultLookup().find("memset")
          .map(symbol -> linker.downcallHandle(symbol,
              FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
              Linker.Option.critical(true)))
          .orElse(null);
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }
}
