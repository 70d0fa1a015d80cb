package io.quiver.server.support;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority made per test run, with a server certificate for
 * {@code localhost}/{@code 127.0.0.1} and a client certificate, written as PEM files (keys as
 * unencrypted PKCS#8). Nothing secret is committed; everything lives in a temp directory.
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  public final Path caCert;
  public final Path serverCert;
  public final Path serverKey;
  public final Path clientCert;
  public final Path clientKey;
  /** A CA no certificate here is signed by, for "wrong CA" tests. */
  public final Path otherCaCert;
  private final X509Certificate ca;

  public TestCertificates(Path dir) throws Exception {
    Files.createDirectories(dir);
    KeyPair caKeys = rsa();
    ca = sign("CN=Quiver Test CA", caKeys, "CN=Quiver Test CA", caKeys.getPrivate(), true, false);
    KeyPair serverKeys = rsa();
    X509Certificate server = sign("CN=localhost", serverKeys, "CN=Quiver Test CA", caKeys.getPrivate(), false, true);
    KeyPair clientKeys = rsa();
    X509Certificate client = sign("CN=quiver-test-client", clientKeys, "CN=Quiver Test CA", caKeys.getPrivate(), false,
        false);
    KeyPair otherKeys = rsa();
    X509Certificate other = sign("CN=Other CA", otherKeys, "CN=Other CA", otherKeys.getPrivate(), true, false);
    caCert = write(dir.resolve("ca.pem"), ca);
    serverCert = write(dir.resolve("server.pem"), server);
    serverKey = writeKey(dir.resolve("server.key"), serverKeys.getPrivate());
    clientCert = write(dir.resolve("client.pem"), client);
    clientKey = writeKey(dir.resolve("client.key"), clientKeys.getPrivate());
    otherCaCert = write(dir.resolve("other-ca.pem"), other);
  }

  /** An SSLContext that trusts the test CA (for the client's SSLContext path). */
  public SSLContext trustingSslContext() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static X509Certificate sign(String subject, KeyPair keys, String issuer, PrivateKey issuerKey, boolean isCa,
      boolean serverNames) throws Exception {
    Instant now = Instant.now();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
        BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(2))), new X500Name(subject), keys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (isCa) {
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    }
    if (serverNames) {
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    }
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
  }

  private static Path write(Path file, X509Certificate cert) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(cert);
    }
    return Files.writeString(file, out.toString());
  }

  private static Path writeKey(Path file, PrivateKey key) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(new JcaPKCS8Generator(key, null));
    }
    return Files.writeString(file, out.toString());
  }
}
