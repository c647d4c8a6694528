package io.mailcellar.testsupport;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;

/**
 * A self-signed server certificate for one IP address, made with the JDK's
 * keytool for a test run, as PEM files for a server and as a trust store for
 * a client that should accept it.
 */
public final class TestCertificate {

    private static final char[] STORE_PASSWORD = "test-only".toCharArray();

    private final Path certificatePem;
    private final Path privateKeyPem;
    private final Certificate certificate;

    private TestCertificate(Path certificatePem, Path privateKeyPem, Certificate certificate) {
        this.certificatePem = certificatePem;
        this.privateKeyPem = privateKeyPem;
        this.certificate = certificate;
    }

    public static TestCertificate create(Path dir, String ipAddress) {
        try {
            Files.createDirectories(dir);
            Path store = dir.resolve("server.p12");
            Files.deleteIfExists(store);
            ChildProcess.runToEnd("keytool", List.of(JavaCommand.tool("keytool"), "-genkeypair", "-alias", "server",
                    "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=" + ipAddress,
                    "-ext", "san=ip:" + ipAddress, "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", new String(STORE_PASSWORD)), null);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, STORE_PASSWORD);
            }
            Certificate certificate = keys.getCertificate("server");
            Key key = keys.getKey("server", STORE_PASSWORD);
            Path certificatePem = dir.resolve("cert.pem");
            Path privateKeyPem = dir.resolve("key.pem");
            Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()));
            Files.writeString(privateKeyPem, pem("PRIVATE KEY", key.getEncoded()));
            return new TestCertificate(certificatePem, privateKeyPem, certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path certificatePem() {
        return certificatePem;
    }

    public Path privateKeyPem() {
        return privateKeyPem;
    }

    /** A client's TLS that trusts this certificate and nothing else. */
    public SSLSocketFactory trustingClient() {
        return trustingContext().getSocketFactory();
    }

    /** The TLS context of a client that trusts this certificate and nothing else. */
    public SSLContext trustingContext() {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("server", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
