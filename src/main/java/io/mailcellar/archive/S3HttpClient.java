package io.mailcellar.archive;

import io.minio.http.HttpUtils;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP client under the MinIO SDK.
 *
 * <p>Certificates are verified against the JVM's trust store, or against
 * {@code SSL_CERT_FILE} as the SDK's own default client honours it.
 *
 * <p>OkHttp runs at most 5 requests per host at once and keeps 5 idle
 * connections by default, fewer than the archiver's parallel writers and the
 * pollers together. Every caller blocks on its request, so the callers' own
 * thread pools bound the requests in flight, not these limits.
 *
 * <p>Its sockets have Nagle's algorithm off ({@link NoDelaySocketFactory}).
 */
final class S3HttpClient {

    private S3HttpClient() {
    }

    private static final int MAX_REQUESTS = 256;
    private static final int IDLE_CONNECTIONS = 32;

    static OkHttpClient create(long timeoutMs) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(MAX_REQUESTS);
        dispatcher.setMaxRequestsPerHost(MAX_REQUESTS);
        OkHttpClient client = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
                .socketFactory(new NoDelaySocketFactory())
                .protocols(List.of(Protocol.HTTP_1_1))
                .connectTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .writeTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .build();
        String caFile = System.getenv("SSL_CERT_FILE");
        if (caFile == null || caFile.isEmpty()) {
            return client;
        }
        try {
            return HttpUtils.enableExternalCertificates(client, caFile);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load the CA certificates in SSL_CERT_FILE=" + caFile + ": " + e, e);
        }
    }
}
