package io.quiver.server.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quiver.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become gRPC statuses. User errors keep their message (it
 * names the field and the limit); anything unexpected becomes INTERNAL with a generic message
 * and is logged with its stack trace, so internals never leak to clients. Thread-safe.
 */
public final class StatusMapper {
  private static final Logger log = LoggerFactory.getLogger(StatusMapper.class);

  private StatusMapper() {}

  /** The status to send for {@code error}, raised while serving {@code method}. */
  public static StatusRuntimeException toStatus(Throwable error, String method) {
    if (error instanceof StatusRuntimeException sre) {
      return sre;
    }
    if (error instanceof StorageException se) {
      Status status = switch (se.reason()) {
        case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
        case NOT_FOUND -> Status.NOT_FOUND;
        case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
        case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
        case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
        case UNAVAILABLE -> Status.UNAVAILABLE;
        case DATA_LOSS -> Status.DATA_LOSS;
      };
      return status.withDescription(se.getMessage()).asRuntimeException();
    }
    log.error("internal error in {}", method, error);
    return Status.INTERNAL.withDescription("internal error in " + method + "; see the server log")
        .asRuntimeException();
  }
}
