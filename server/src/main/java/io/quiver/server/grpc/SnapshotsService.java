package io.quiver.server.grpc;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quiver.proto.v1.CreateSnapshotRequest;
import io.quiver.proto.v1.DeleteSnapshotRequest;
import io.quiver.proto.v1.DeleteSnapshotResponse;
import io.quiver.proto.v1.DownloadSnapshotRequest;
import io.quiver.proto.v1.ListSnapshotsRequest;
import io.quiver.proto.v1.ListSnapshotsResponse;
import io.quiver.proto.v1.RestoreSnapshotRequest;
import io.quiver.proto.v1.RestoreSnapshotResponse;
import io.quiver.proto.v1.SnapshotChunk;
import io.quiver.proto.v1.SnapshotInfo;
import io.quiver.proto.v1.SnapshotsGrpc;
import io.quiver.storage.StorageException;
import io.quiver.storage.collection.Database;
import io.quiver.storage.collection.SnapshotStore;
import io.quiver.storage.format.SnapshotManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** gRPC adapter for {@code quiver.v1.Snapshots}. Thread-safe. */
public final class SnapshotsService extends SnapshotsGrpc.SnapshotsImplBase {
  private static final int CHUNK = 1 << 20;

  private final Database db;
  private final RequestLimits limits;

  public SnapshotsService(Database db, RequestLimits limits) {
    this.db = db;
    this.limits = limits;
  }

  private static SnapshotInfo proto(SnapshotStore.SnapshotInfo s) {
    return SnapshotInfo.newBuilder().setId(s.id()).setCollection(s.collection()).setCreatedAtMs(s.createdAtMs())
        .setSequence(s.sequence()).setBytes(s.bytes()).build();
  }

  @Override
  public void create(CreateSnapshotRequest request, StreamObserver<SnapshotInfo> observer) {
    Calls.unary("Snapshots/Create", observer, () -> proto(db.snapshots().create(request.getCollection())));
  }

  @Override
  public void list(ListSnapshotsRequest request, StreamObserver<ListSnapshotsResponse> observer) {
    Calls.unary("Snapshots/List", observer, () -> {
      ListSnapshotsResponse.Builder b = ListSnapshotsResponse.newBuilder();
      db.snapshots().list().forEach(s -> b.addSnapshots(proto(s)));
      return b.build();
    });
  }

  @Override
  public void delete(DeleteSnapshotRequest request, StreamObserver<DeleteSnapshotResponse> observer) {
    Calls.unary("Snapshots/Delete", observer, () -> {
      db.snapshots().delete(request.getId());
      return DeleteSnapshotResponse.getDefaultInstance();
    });
  }

  @Override
  public void restore(RestoreSnapshotRequest request, StreamObserver<RestoreSnapshotResponse> observer) {
    Calls.unary("Snapshots/Restore", observer, () -> RestoreSnapshotResponse.newBuilder()
        .setCollection(ProtoConverter.collectionInfo(
            db.snapshots().restore(request.getId(), request.getCollection(), limits.maxCollections()).info()))
        .build());
  }

  @Override
  public void download(DownloadSnapshotRequest request, StreamObserver<SnapshotChunk> observer) {
    try {
      Path dir = db.snapshots().dir(request.getId());
      SnapshotManifest manifest = SnapshotManifest.read(dir);
      List<String> paths = new ArrayList<>();
      paths.add(SnapshotManifest.FILE_NAME);
      manifest.files().forEach(f -> paths.add(f.path()));
      ServerCallStreamObserver<SnapshotChunk> call = (ServerCallStreamObserver<SnapshotChunk>) observer;
      byte[] buf = new byte[CHUNK];
      for (String path : paths) {
        try (InputStream in = Files.newInputStream(dir.resolve(path))) {
          long offset = 0;
          int n;
          boolean sentAny = false;
          while ((n = in.readNBytes(buf, 0, CHUNK)) > 0 || !sentAny) {
            if (call.isCancelled()) {
              return;
            }
            observer.onNext(SnapshotChunk.newBuilder().setSnapshotId(request.getId()).setPath(path).setOffset(offset)
                .setData(ByteString.copyFrom(buf, 0, Math.max(n, 0))).build());
            offset += Math.max(n, 0);
            sentAny = true;
            if (n <= 0) {
              break;
            }
          }
        }
      }
      observer.onCompleted();
    } catch (Throwable t) {
      observer.onError(StatusMapper.toStatus(t instanceof IOException io
          ? new StorageException(StorageException.Reason.UNAVAILABLE, "snapshot read failed: " + io.getMessage(), io)
          : t, "Snapshots/Download"));
    }
  }

  @Override
  public StreamObserver<SnapshotChunk> upload(StreamObserver<SnapshotInfo> observer) {
    return new StreamObserver<>() {
      private Path staging;
      private String id;
      private boolean failed;

      @Override
      public void onNext(SnapshotChunk chunk) {
        if (failed) {
          return;
        }
        try {
          if (staging == null) {
            id = chunk.getSnapshotId();
            staging = db.snapshots().root().resolve(".upload-" + UUID.randomUUID());
            Files.createDirectories(staging);
          }
          Path target = staging.resolve(chunk.getPath()).normalize();
          if (chunk.getPath().isEmpty() || !target.startsWith(staging) || target.equals(staging)) {
            throw StorageException.invalid("path: '" + chunk.getPath() + "' is not a file inside the snapshot");
          }
          Files.createDirectories(target.getParent());
          long size = Files.exists(target) ? Files.size(target) : 0;
          if (chunk.getOffset() != size) {
            throw StorageException.invalid("offset: chunk of " + chunk.getPath() + " at " + chunk.getOffset()
                + " but " + size + " bytes were received; chunks must arrive in order");
          }
          try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            chunk.getData().writeTo(out);
          }
        } catch (Throwable t) {
          fail(t);
        }
      }

      private void fail(Throwable t) {
        failed = true;
        cleanUp();
        observer.onError(StatusMapper.toStatus(t instanceof IOException io
            ? new StorageException(StorageException.Reason.UNAVAILABLE, "snapshot write failed: " + io.getMessage(), io)
            : t, "Snapshots/Upload"));
      }

      private void cleanUp() {
        if (staging != null && Files.exists(staging)) {
          try (var walk = Files.walk(staging)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
              Files.deleteIfExists(p);
            }
          } catch (IOException ignored) {
            // best effort; the staging directory name starts with '.', so it is never listed
          }
        }
      }

      @Override
      public void onError(Throwable t) {
        failed = true;
        cleanUp();
      }

      @Override
      public void onCompleted() {
        if (failed) {
          return;
        }
        try {
          if (staging == null) {
            throw StorageException.invalid("snapshot: the upload sent no chunks");
          }
          SnapshotInfo info = proto(db.snapshots().adopt(staging, id));
          observer.onNext(info);
          observer.onCompleted();
        } catch (Throwable t) {
          fail(t);
        }
      }
    };
  }
}
