package io.quiver.storage.vector;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses, once per JVM, which {@link VectorUtilSupport} runs Quiver's kernels, and logs one
 * line saying which and why.
 *
 * <p>The Panama kernels are picked when all of these hold, because each one missing makes the
 * Vector API either unavailable or slower than plain Java:
 *
 * <ol>
 *   <li>the {@code jdk.incubator.vector} module is in the boot layer and readable (it is only
 *       there with {@code --add-modules=jdk.incubator.vector}, which a jar manifest cannot add);
 *   <li>C2 is on: without it ({@code -Xint}, {@code -XX:TieredStopAtLevel<4}) vector operations
 *       are not intrinsified and run as boxed Java objects, orders of magnitude slower;
 *   <li>the preferred vector shape is at least 128 bits (smaller gains nothing);
 *   <li>the CPU has a fused multiply-add (HotSpot's {@code UseFMA}): the float kernels are
 *       written with {@code fma}, which without the instruction the Vector API emulates lane by
 *       lane, far slower than the scalar loop. (Every x86 CPU with AVX2, and every AArch64
 *       one, has it.)
 * </ol>
 *
 * <p>Otherwise the {@link ScalarVectorUtilSupport scalar kernels} are used. The Panama class
 * is only ever touched by reflection after the module check, so a plain {@code java} without
 * the flag runs on the scalar path and never sees a {@link NoClassDefFoundError}.
 *
 * <p>System property {@value #IMPL_PROPERTY} ({@code scalar} or {@code panama}) forces the
 * choice for tests and benchmarks; forcing {@code panama} skips the JIT and FMA checks but
 * still falls back when the module is absent. Thread-safe: the choice is made in a class initialiser.
 */
public final class VectorizationProvider {
  /** System property that forces the implementation: {@code scalar} or {@code panama}. */
  public static final String IMPL_PROPERTY = "quiver.vector.impl";

  static final String VECTOR_MODULE = "jdk.incubator.vector";
  static final String PANAMA_CLASS = "io.quiver.storage.vector.panama.PanamaVectorUtilSupport";

  private static final Logger LOG = LoggerFactory.getLogger(VectorizationProvider.class);
  private static final VectorUtilSupport SCALAR = new ScalarVectorUtilSupport();

  private VectorizationProvider() {}

  /** The implementation chosen for this JVM, with the reason it was chosen. */
  public record Choice(VectorUtilSupport support, String reason) {}

  // Holder idiom: the decision (and its log line) happens on first use, not when the class
  // is merely referenced, and exactly once.
  private static final class Holder {
    static final Choice CHOICE = decide(System.getProperty(IMPL_PROPERTY));

    static {
      // WARN when we fell back or ignored a typo, because either costs performance silently.
      boolean fellBack = CHOICE.support() == SCALAR && !CHOICE.reason().startsWith("forced");
      if (fellBack || CHOICE.reason().startsWith("ignored")) {
        LOG.warn("Quiver vector kernels: scalar ({})", CHOICE.reason());
      } else {
        LOG.info("Quiver vector kernels: {} ({})", CHOICE.support().name(), CHOICE.reason());
      }
      if (CHOICE.support() != SCALAR) {
        // The byte-table PQ scan needs one more CPU feature than the rest; say which scan IVF-PQ gets.
        LOG.info("Quiver PQ list scan: {}", CHOICE.support().fastQuantizedPqLookup()
            ? "byte tables with in-register shuffles (AVX-512 VBMI)"
            : "float tables with gathers (no AVX-512 VBMI with 512-bit vectors here)");
      }
    }
  }

  /** The kernels this JVM uses. */
  public static VectorUtilSupport get() {
    return Holder.CHOICE.support();
  }

  /** The choice this JVM made, with the reason (the text of the log line). */
  public static Choice choice() {
    return Holder.CHOICE;
  }

  /** The scalar reference kernels, whatever was chosen. */
  public static VectorUtilSupport scalar() {
    return SCALAR;
  }

  /**
   * The Panama kernels if this JVM can load them (the module is present and the preferred
   * shape is wide enough), regardless of the JIT; for tests and benchmarks that compare the
   * two. Empty otherwise.
   */
  public static Optional<VectorUtilSupport> panama() {
    return moduleMissingReason().isPresent() ? Optional.empty() : PanamaHolder.LOADED.support();
  }

  // Loaded at most once, and only after the module check, since its class initialiser is
  // what links against jdk.incubator.vector.
  private static final class PanamaHolder {
    static final Loaded LOADED = loadPanama();
  }

  /**
   * Makes the decision for a given value of {@value #IMPL_PROPERTY} ({@code null} for
   * automatic). Package-private so tests can exercise every branch without restarting the JVM.
   */
  static Choice decide(String forced) {
    if (forced != null && !forced.isBlank()) {
      String value = forced.trim().toLowerCase(Locale.ROOT);
      if (value.equals("scalar")) {
        return new Choice(SCALAR, "forced by -D" + IMPL_PROPERTY + "=scalar");
      }
      if (!value.equals("panama")) {
        Choice automatic = decide(null);
        return new Choice(automatic.support(), "ignored unknown -D" + IMPL_PROPERTY + "=" + forced
            + " (expected scalar or panama); " + automatic.reason());
      }
    }
    Optional<String> missing = moduleMissingReason();
    if (missing.isPresent()) {
      return new Choice(SCALAR, missing.get());
    }
    if (forced == null || forced.isBlank()) {
      Optional<String> unsuitable = c2MissingReason().or(VectorizationProvider::fmaMissingReason);
      if (unsuitable.isPresent()) {
        return new Choice(SCALAR, unsuitable.get());
      }
    }
    Loaded panama = PanamaHolder.LOADED;
    if (panama.support().isEmpty()) {
      return new Choice(SCALAR, panama.detail());
    }
    return new Choice(panama.support().get(),
        (forced == null || forced.isBlank() ? "" : "forced by -D" + IMPL_PROPERTY + "=panama; ")
            + panama.detail());
  }

  private static Optional<String> moduleMissingReason() {
    Optional<Module> module = ModuleLayer.boot().findModule(VECTOR_MODULE);
    if (module.isEmpty()) {
      return Optional.of("module " + VECTOR_MODULE + " is not present; start the JVM with --add-modules="
          + VECTOR_MODULE + " to use SIMD kernels");
    }
    if (!VectorizationProvider.class.getModule().canRead(module.get())) {
      return Optional.of(VectorizationProvider.class.getModule() + " cannot read module " + VECTOR_MODULE);
    }
    return Optional.empty();
  }

  private static Optional<String> c2MissingReason() {
    if (!HotSpotFlags.flag("UseCompiler", true)) {
      return Optional.of("the JIT is disabled (-Xint), so vector operations would not be intrinsified");
    }
    Optional<String> stopAt = HotSpotFlags.option("TieredStopAtLevel");
    if (stopAt.isPresent() && Integer.parseInt(stopAt.get()) < 4) {
      return Optional.of("C2 is disabled (-XX:TieredStopAtLevel=" + stopAt.get()
          + "), so vector operations would not be intrinsified");
    }
    if (HotSpotFlags.option("UseSuperWord").isEmpty()) {
      // UseSuperWord is a C2 option: a VM without it has no C2 (or is not HotSpot) and we
      // cannot tell whether the Vector API will be compiled.
      return Optional.of("no C2 compiler detected (not HotSpot, or a client VM)");
    }
    return Optional.empty();
  }

  private static Optional<String> fmaMissingReason() {
    return HotSpotFlags.flag("UseFMA", true)
        ? Optional.empty()
        : Optional.of("the CPU has no fused multiply-add (UseFMA is off), which the Vector API would emulate");
  }

  private record Loaded(Optional<VectorUtilSupport> support, String detail) {}

  private static Loaded loadPanama() {
    try {
      Class<?> type = Class.forName(PANAMA_CLASS);
      int bits = (int) type.getMethod("preferredBitSize").invoke(null);
      if (bits < 128) {
        return new Loaded(Optional.empty(), "preferred vector size is " + bits + " bits, below 128");
      }
      VectorUtilSupport support = (VectorUtilSupport) type.getConstructor().newInstance();
      return new Loaded(Optional.of(support), "Vector API with " + bits + "-bit vectors");
    } catch (InvocationTargetException e) {
      return new Loaded(Optional.empty(), "loading the Panama kernels failed: " + e.getCause());
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      // LinkageError covers NoClassDefFoundError when jdk.incubator.vector vanished between
      // the module check and here (custom images, layers); it must never escape.
      return new Loaded(Optional.empty(), "loading the Panama kernels failed: " + e);
    }
  }
}
