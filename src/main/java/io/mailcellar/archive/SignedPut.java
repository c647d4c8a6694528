package io.mailcellar.archive;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.S3Escaper;
import io.minio.Xml;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.XmlParserException;
import io.minio.http.HttpUtils;
import io.minio.http.Method;
import io.minio.messages.ErrorResponse;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A PUT of bytes whose SHA-256 is known before they are sent: the request is
 * signed with that SHA-256 as the payload's, so the store checks the bytes it
 * receives against it (over HTTPS too), and it is sent in the calling thread
 * over the SDK's HTTP client. Why it exists beside the SDK's own PUT is in
 * docs/architecture.md; the SDK still decides how an object is addressed
 * (path or virtual-host style): the object URL is the one it presigns,
 * without the query.
 */
final class SignedPut {

    private static final int HTTP_PRECONDITION_FAILED = 412;
    /** The most of an error answer that is read: S3 error documents are a few hundred bytes. */
    private static final long ERROR_BODY_LIMIT = 64 * 1024;
    private static final String PROBE_OBJECT = "x";

    private final OkHttpClient http;
    private final RequestSigner signer;
    private final String accessKey;
    private final String secretKey;
    private final Clock clock;
    /** The bucket's URL up to the object key, ending in a slash. */
    private final String bucketUrl;

    SignedPut(MinioClient addressing, OkHttpClient http, S3Settings settings, Clock clock) {
        this.http = http;
        this.signer = new RequestSigner(settings.region());
        this.accessKey = settings.accessKey();
        this.secretKey = settings.secretKey();
        this.clock = clock;
        this.bucketUrl = bucketUrl(addressing, settings.bucket());
    }

    private static String bucketUrl(MinioClient client, String bucket) {
        try {
            HttpUrl probe = HttpUrl.get(client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Method.PUT).bucket(bucket).object(PROBE_OBJECT).expiry(60).build()));
            String url = probe.newBuilder().query(null).build().toString();
            return url.substring(0, url.length() - PROBE_OBJECT.length());
        } catch (Exception e) {
            throw new IllegalStateException("cannot address bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /**
     * PUTs the bytes under {@code key} with these headers (content type, user
     * metadata as {@code x-amz-meta-*}, conditions such as
     * {@code If-None-Match}). Answers false when the store refused it for a
     * failed precondition, true when it kept it; any other refusal throws the
     * SDK's {@link ErrorResponseException}, with the store's error code.
     */
    boolean put(String key, ObjectStore.Payload payload, Map<String, String> headers) throws Exception {
        HttpUrl url = HttpUrl.get(bucketUrl + S3Escaper.encodePath(key));
        SortedMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value));
        signed.put("host", HttpUtils.getHostHeader(url));
        signed.put("x-amz-date", RequestSigner.amzDate(clock.instant()));
        signed.put("x-amz-content-sha256", payload.sha256());
        String contentType = signed.getOrDefault("content-type", "application/octet-stream");
        MediaType type = MediaType.get(contentType);
        // One PUT whatever the size (S3 takes up to 5 GiB in one), its SHA-256 signed and checked by the store.
        RequestBody body = payload instanceof ObjectStore.Bytes bytes
                ? RequestBody.create(bytes.bytes(), type, bytes.offset(), bytes.length())
                : RequestBody.create(((ObjectStore.SpooledFile) payload).file().toFile(), type);
        Request.Builder request = new Request.Builder().url(url).put(body);
        signed.forEach(request::header);
        request.header("Authorization", signer.authorization("PUT", url.encodedPath(), signed, payload.sha256(),
                accessKey, secretKey));
        try (Response response = http.newCall(request.build()).execute()) {
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
