package io.quiver.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.quiver.proto.v1.CollectionsGrpc;
import io.quiver.proto.v1.CountRequest;
import io.quiver.proto.v1.CreateCollectionRequest;
import io.quiver.proto.v1.DeleteCollectionRequest;
import io.quiver.proto.v1.DeletePointsRequest;
import io.quiver.proto.v1.GetCollectionRequest;
import io.quiver.proto.v1.GetPointsRequest;
import io.quiver.proto.v1.ListCollectionsRequest;
import io.quiver.proto.v1.Metric;
import io.quiver.proto.v1.Point;
import io.quiver.proto.v1.PointId;
import io.quiver.proto.v1.PointsGrpc;
import io.quiver.proto.v1.ScrollRequest;
import io.quiver.proto.v1.SearchBatchRequest;
import io.quiver.proto.v1.SearchGrpc;
import io.quiver.proto.v1.SearchParams;
import io.quiver.proto.v1.SearchRequest;
import io.quiver.proto.v1.UpsertRequest;
import io.quiver.proto.v1.Value;
import io.quiver.proto.v1.Vector;
import io.quiver.proto.v1.WithParts;
import io.quiver.server.support.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Thousands of random, mutated and garbage requests against every RPC of a real server:
 * whatever arrives, the server answers with a user-error status (never INTERNAL or UNKNOWN,
 * which would mean a bug), keeps running, and a refused request leaves the stored data exactly
 * as it was (the store's operation sequence does not move).
 */
class HostileRequestsProperties {
  private static final String COLLECTION = "target";
  private static final int DIM = 4;
  /** Statuses that mean "the request was wrong or could not be served", never "the server broke". */
  private static final Set<Status.Code> ALLOWED = EnumSet.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
      Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS, Status.Code.RESOURCE_EXHAUSTED,
      Status.Code.FAILED_PRECONDITION, Status.Code.OUT_OF_RANGE);

  private static Path dir;
  private static TestServer server;

  @BeforeContainer
  static void start() throws IOException {
    dir = Files.createTempDirectory("quiver-hostile");
    server = new TestServer(dir, Map.of("limits.max_batch_size", "64", "limits.max_message_mb", "1",
        "limits.max_collections", "20"));
    server.collections().create(CreateCollectionRequest.newBuilder().setName(COLLECTION).setDimension(DIM)
        .setMetric(Metric.COSINE).setIndex("HNSW").build());
    UpsertRequest.Builder seed = UpsertRequest.newBuilder().setCollection(COLLECTION);
    for (int i = 0; i < 50; i++) {
      seed.addPoints(Point.newBuilder().setId(PointId.newBuilder().setNum(i))
          .setVector(Vector.newBuilder().addValues(1).addValues(i).addValues(2).addValues(-i)));
    }
    server.points().upsert(seed.build());
  }

  @AfterContainer
  static void stop() throws Exception {
    server.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** An RPC called with raw bytes, so that garbage reaches the server's own parser. */
  private record Rpc(String fullName, Message example) {}

  private static final List<Rpc> RPCS = List.of(
      new Rpc(CollectionsGrpc.getCreateMethod().getFullMethodName(), CreateCollectionRequest.getDefaultInstance()),
      new Rpc(CollectionsGrpc.getGetMethod().getFullMethodName(), GetCollectionRequest.getDefaultInstance()),
      new Rpc(CollectionsGrpc.getListMethod().getFullMethodName(), ListCollectionsRequest.getDefaultInstance()),
      new Rpc(CollectionsGrpc.getDeleteMethod().getFullMethodName(), DeleteCollectionRequest.getDefaultInstance()),
      new Rpc(PointsGrpc.getUpsertMethod().getFullMethodName(), UpsertRequest.getDefaultInstance()),
      new Rpc(PointsGrpc.getGetMethod().getFullMethodName(), GetPointsRequest.getDefaultInstance()),
      new Rpc(PointsGrpc.getDeleteMethod().getFullMethodName(), DeletePointsRequest.getDefaultInstance()),
      new Rpc(PointsGrpc.getScrollMethod().getFullMethodName(), ScrollRequest.getDefaultInstance()),
      new Rpc(PointsGrpc.getCountMethod().getFullMethodName(), CountRequest.getDefaultInstance()),
      new Rpc(SearchGrpc.getSearchMethod().getFullMethodName(), SearchRequest.getDefaultInstance()),
      new Rpc(SearchGrpc.getSearchBatchMethod().getFullMethodName(), SearchBatchRequest.getDefaultInstance()));

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  };

  private static Status.Code call(String fullName, byte[] body) {
    MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(fullName)
        .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    try {
      ClientCalls.blockingUnaryCall(server.channel, method, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
          body);
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  /** Sends {@code body}; asserts a user-level status, and that a refusal changed nothing. */
  private static void sendAndCheck(String fullName, byte[] body) {
    long before = server.server.database().lastSequence();
    Status.Code code = call(fullName, body);
    assertThat(code).as("%s answered with a server-bug status", fullName).isIn(ALLOWED);
    if (code != Status.Code.OK) {
      assertThat(server.server.database().lastSequence()).as("a refused %s changed stored data", fullName)
          .isEqualTo(before);
    }
    assertThat(server.server.database().writable()).isTrue();
  }

  @Property(tries = 3000)
  void garbageBytesAreRefusedCleanly(@ForAll("rpcs") Rpc rpc, @ForAll("garbage") byte[] body) {
    sendAndCheck(rpc.fullName(), body);
  }

  @Property(tries = 3000)
  void mutatedValidRequestsAreRefusedOrServedCleanly(@ForAll("validRequests") Message request,
      @ForAll("mutations") long mutationSeed) {
    byte[] bytes = request.toByteArray();
    Random r = new Random(mutationSeed);
    byte[] mutated = mutate(bytes, r);
    sendAndCheck(fullNameOf(request), mutated);
  }

  @Property(tries = 4000)
  void extremeValuesAreRefusedOrServedCleanly(@ForAll("validRequests") Message request) {
    sendAndCheck(fullNameOf(request), request.toByteArray());
  }

  private static String fullNameOf(Message request) {
    for (Rpc rpc : RPCS) {
      if (rpc.example().getClass() == request.getClass()) {
        return rpc.fullName();
      }
    }
    throw new IllegalArgumentException(request.getClass().getName());
  }

  /** Flips bits, truncates, duplicates or splices bytes of a valid encoding. */
  private static byte[] mutate(byte[] in, Random r) {
    byte[] out = in.clone();
    switch (r.nextInt(4)) {
      case 0 -> {
        for (int i = 0; i < 1 + r.nextInt(4) && out.length > 0; i++) {
          out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
        }
      }
      case 1 -> out = java.util.Arrays.copyOf(out, out.length == 0 ? 0 : r.nextInt(out.length));
      case 2 -> {
        byte[] twice = new byte[out.length * 2];
        System.arraycopy(out, 0, twice, 0, out.length);
        System.arraycopy(out, 0, twice, out.length, out.length);
        out = twice;
      }
      default -> {
        if (out.length > 0) {
          out[r.nextInt(out.length)] = (byte) r.nextInt(256);
        }
      }
    }
    return out;
  }

  @Provide
  Arbitrary<Rpc> rpcs() {
    return Arbitraries.of(RPCS);
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
    // Deeply nested length-delimited fields (field 2, wire type 2), which recurse in the parser.
    Arbitrary<byte[]> nested = Arbitraries.integers().between(1, 400).map(depth -> {
      byte[] body = new byte[0];
      for (int i = 0; i < depth; i++) {
        byte[] wrapped = new byte[body.length + 6];
        wrapped[0] = 0x12;
        int len = body.length;
        int p = 1;
        while (len >= 0x80) {
          wrapped[p++] = (byte) ((len & 0x7F) | 0x80);
          len >>>= 7;
        }
        wrapped[p++] = (byte) len;
        System.arraycopy(body, 0, wrapped, p, body.length);
        body = java.util.Arrays.copyOf(wrapped, p + body.length);
      }
      return body;
    });
    return Arbitraries.oneOf(random, nested);
  }

  @Provide
  Arbitrary<Long> mutations() {
    return Arbitraries.longs();
  }

  private static Arbitrary<String> names() {
    return Arbitraries.oneOf(Arbitraries.just(COLLECTION), Arbitraries.just(""), Arbitraries.just("nope"),
        Arbitraries.strings().ofMaxLength(300), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10));
  }

  private static Arbitrary<Float> floats() {
    return Arbitraries.oneOf(Arbitraries.floats().between(-1e6f, 1e6f),
        Arbitraries.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.MIN_VALUE, 0f, -0f));
  }

  private static Arbitrary<Vector> vectors() {
    return floats().list().ofMaxSize(12).map(l -> Vector.newBuilder().addAllValues(l).build());
  }

  private static Arbitrary<PointId> ids() {
    return Arbitraries.oneOf(
        Arbitraries.longs().map(n -> PointId.newBuilder().setNum(n).build()),
        Arbitraries.strings().ofMaxLength(300).map(s -> PointId.newBuilder().setStr(s).build()),
        Arbitraries.just(PointId.getDefaultInstance()));
  }

  private static Arbitrary<Value> values() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40).map(s -> Value.newBuilder().setStringValue(s).build()),
        Arbitraries.longs().map(n -> Value.newBuilder().setIntegerValue(n).build()),
        Arbitraries.doubles().map(d -> Value.newBuilder().setDoubleValue(d).build()),
        Arbitraries.just(Value.getDefaultInstance()));
  }

  private static Arbitrary<Point> points() {
    return Combinators.combine(ids(), vectors(), Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), values()).ofMaxSize(3))
        .as((id, v, payload) -> Point.newBuilder().setId(id).setVector(v).putAllPayload(payload).build());
  }

  private static Arbitrary<Integer> ints() {
    return Arbitraries.oneOf(Arbitraries.integers().between(-5, 200),
        Arbitraries.of(Integer.MAX_VALUE, Integer.MIN_VALUE, 0, 1, 1_000_001));
  }

  @Provide
  Arbitrary<Message> validRequests() {
    Arbitrary<SearchRequest> search = Combinators.combine(names(), vectors(), ints(), ints(), Arbitraries.of(true, false))
        .as((name, v, limit, ef, exact) -> SearchRequest.newBuilder().setCollection(name).setVector(v).setLimit(limit)
            .setWith(WithParts.newBuilder().setPayload(exact).setVector(!exact))
            .setParams(SearchParams.newBuilder().setEf(ef).setExact(exact)).build());
    List<Arbitrary<? extends Message>> all = new ArrayList<>();
    all.add(Combinators.combine(names(), ints(), Arbitraries.of(Metric.values()).filter(m -> m != Metric.UNRECOGNIZED),
            Arbitraries.of("", "FLAT", "HNSW", "HNSW(m=1)", "HNSW(m=4, ef_construction=8)", "IVF_PQ", "((", "flat(x=1)"))
        .as((name, dim, metric, index) -> CreateCollectionRequest.newBuilder().setName(name).setDimension(dim)
            .setMetric(metric).setIndex(index).build()));
    all.add(names().map(n -> GetCollectionRequest.newBuilder().setName(n).build()));
    all.add(Arbitraries.just(ListCollectionsRequest.getDefaultInstance()));
    all.add(names().filter(n -> !n.equals(COLLECTION)).map(n -> DeleteCollectionRequest.newBuilder().setName(n).build()));
    all.add(Combinators.combine(names(), points().list().ofMaxSize(70))
        .as((name, pts) -> UpsertRequest.newBuilder().setCollection(name).addAllPoints(pts).build()));
    all.add(Combinators.combine(names(), ids().list().ofMaxSize(70))
        .as((name, ids) -> GetPointsRequest.newBuilder().setCollection(name).addAllIds(ids).build()));
    all.add(Combinators.combine(names(), ids().list().ofMaxSize(70))
        .as((name, ids) -> DeletePointsRequest.newBuilder().setCollection(name).addAllIds(ids).build()));
    all.add(Combinators.combine(names(), ints(), Arbitraries.strings().ofMaxLength(20))
        .as((name, limit, token) -> ScrollRequest.newBuilder().setCollection(name).setLimit(limit).setPageToken(token).build()));
    all.add(names().map(n -> CountRequest.newBuilder().setCollection(n).build()));
    all.add(search);
    all.add(Combinators.combine(names(), search.list().ofMaxSize(70))
        .as((name, s) -> SearchBatchRequest.newBuilder().setCollection(name).addAllSearches(s).build()));
    @SuppressWarnings("unchecked")
    Arbitrary<Message>[] arr = all.toArray(new Arbitrary[0]);
    return Arbitraries.oneOf(List.of(arr));
  }
}
