package io.mailcellar.archive;

import io.minio.MinioAsyncClient;
import io.minio.Xml;
import io.minio.credentials.Credentials;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.XmlParserException;
import io.minio.http.HttpUtils;
import io.minio.http.Method;
import io.minio.messages.ErrorResponse;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A PUT of a message whose SHA-256 is known before it is sent: the request is
 * signed with that SHA-256 as the payload's, and sent in the calling thread
 * over the SDK's HTTP client.
 *
 * <p>Why not the SDK's own PUT: it copies the body into its own buffers and
 * hashes it again (the writer has just hashed it), and for a body that is not
 * a whole array it derives a new HTTP client for every request, which
 * compares the JVM's trust roots one by one (15 % of the archive writers'
 * CPU in a profile of a full backup, over plain HTTP too). It also hands
 * every request to the HTTP client's dispatcher thread and waits for it. The
 * store checks the signed SHA-256 against the bytes it receives, so signing
 * with the message's own SHA-256 keeps that check, over HTTPS as well, where
 * the SDK would send the payload unsigned.
 *
 * <p>The SDK still addresses the object (path or virtual-host style, as its
 * other requests do); {@link RequestSigner} signs the request.
 */
final class MessagePutClient extends MinioAsyncClient {

    private static final int HTTP_PRECONDITION_FAILED = 412;
    /** The most of an error answer that is read: S3 error documents are a few hundred bytes. */
    private static final long ERROR_BODY_LIMIT = 64 * 1024;

    private final RequestSigner signer;

    /** A client with the SDK client's endpoint, region, credentials and HTTP client. */
    MessagePutClient(MinioAsyncClient client) {
        super(client);
        this.signer = new RequestSigner(region);
    }

    /**
     * PUTs {@code length} bytes of {@code bytes} from {@code offset}, whose SHA-256 (lowercase hex) is
     * {@code sha256}, under {@code key} with these headers (user metadata as {@code x-amz-meta-*}, conditions
     * such as {@code If-None-Match}). Answers false when the store refused it for a failed precondition, true when
     * it kept it; any other refusal throws the SDK's {@link ErrorResponseException}, with the store's error code.
     */
    boolean put(String bucket, String key, byte[] bytes, int offset, int length, String sha256,
                Map<String, String> headers) throws Exception {
        HttpUrl url = buildUrl(Method.PUT, bucket, key, region, null);
        Credentials credentials = provider.fetch();
        SortedMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value));
        signed.put("host", HttpUtils.getHostHeader(url));
        signed.put("x-amz-date", RequestSigner.amzDate(Instant.now()));
        signed.put("x-amz-content-sha256", sha256);
        if (credentials.sessionToken() != null) {
            signed.put("x-amz-security-token", credentials.sessionToken());
        }
        String contentType = signed.getOrDefault("content-type", "application/octet-stream");
        Request.Builder request = new Request.Builder()
                .url(url)
                .put(RequestBody.create(bytes, MediaType.get(contentType), offset, length));
        signed.forEach(request::header);
        request.header("Authorization", signer.authorization("PUT", url.encodedPath(), signed, sha256,
                credentials.accessKey(), credentials.secretKey()));
        try (Response response = httpClient.newCall(request.build()).execute()) {
            if (response.isSuccessful()) {
                return true;
            }
            if (response.code() == HTTP_PRECONDITION_FAILED) {
                return false;
            }
            throw refusal(response);
        }
    }

    private static Exception refusal(Response response) throws IOException {
        ResponseBody body = response.peekBody(ERROR_BODY_LIMIT);
        String text = body.string();
        try {
            ErrorResponse error = Xml.unmarshal(ErrorResponse.class, text);
            return new ErrorResponseException(error, response, null);
        } catch (XmlParserException | RuntimeException notAnS3Error) {
            return new IOException("the store answered HTTP " + response.code() + " without an S3 error document",
                    notAnS3Error);
        }
    }
}
