package io.quiver.server.security;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.quiver.server.StartupException;
import io.quiver.server.config.ConfigException;
import io.quiver.server.config.ServerConfig;
import java.io.File;
import java.io.IOException;

/**
 * The gRPC port's transport security from {@code security.tls_*}: plaintext when no
 * certificate is configured, TLS from PEM files when one is, and mutual TLS (clients must
 * present a certificate signed by {@code tls_client_ca_file}) when that is set too. Stateless.
 */
public final class TlsSetup {

  private TlsSetup() {}

  /**
   * The server credentials for the configuration.
   *
   * @throws ConfigException if only one of the certificate and the key is set, or a client CA
   *     is set without them
   * @throws StartupException if a PEM file cannot be read or parsed
   */
  public static ServerCredentials credentials(ServerConfig config) {
    String cert = config.getString("security.tls_cert_file");
    String key = config.getString("security.tls_key_file");
    String clientCa = config.getString("security.tls_client_ca_file");
    if (cert.isEmpty() != key.isEmpty()) {
      throw new ConfigException("security.tls_cert_file and security.tls_key_file must be set together");
    }
    if (cert.isEmpty()) {
      if (!clientCa.isEmpty()) {
        throw new ConfigException("security.tls_client_ca_file needs TLS: set security.tls_cert_file and tls_key_file");
      }
      return InsecureServerCredentials.create();
    }
    TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder();
    try {
      tls.keyManager(new File(cert), new File(key));
    } catch (IOException | RuntimeException e) {
      throw new StartupException("cannot read the TLS certificate " + cert + " or key " + key + " (" + e.getMessage() + ")", e);
    }
    if (!clientCa.isEmpty()) {
      try {
        tls.trustManager(new File(clientCa));
      } catch (IOException | RuntimeException e) {
        throw new StartupException("cannot read the client CA file " + clientCa + " (" + e.getMessage() + ")", e);
      }
      tls.clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    }
    return tls.build();
  }

  /** One line for the start-up log: which transport security is on. */
  public static String describe(ServerConfig config) {
    if (config.getString("security.tls_cert_file").isEmpty()) {
      return "plaintext";
    }
    return config.getString("security.tls_client_ca_file").isEmpty() ? "TLS" : "TLS with client certificates (mTLS)";
  }
}
