package io.mailcellar.archive;

import com.google.common.collect.Multimap;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;

import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The MinIO SDK's client with a PUT whose request is prepared in the calling
 * thread.
 *
 * <p>The SDK's {@code putObject} reads and hashes the body on
 * {@code CompletableFuture}'s default executor. When the JVM sees one or two
 * cores (a pod with a CPU limit of 2, this project's test machines), that
 * executor starts a new thread for every task: a thread per archived message,
 * 4 % of the service's CPU outside the compilers in a profile of a full
 * backup. This client calls
 * the SDK's own lower-level PUT of a stream (a protected method meant for
 * such extensions), which does the same preparation (the body read once, its
 * SHA-256 computed and signed, over HTTP and HTTPS alike) in the caller's
 * thread, then sends the request as {@code putObject} does.
 */
final class InlinePutClient extends MinioAsyncClient {

    InlinePutClient(MinioAsyncClient client) {
        super(client);
    }

    /**
     * PUTs {@code length} bytes of {@code body} under {@code key} with these headers (user metadata as
     * {@code x-amz-meta-*}) and waits for the answer. Fails with the SDK's own exceptions, as its blocking
     * client does.
     */
    ObjectWriteResponse put(String bucket, String region, String key, InputStream body, long length,
                            Map<String, String> headers) throws Exception {
        Multimap<String, String> headerMap = newMultimap(headers);
        try {
            return putObjectAsync(bucket, region, key, body, length, headerMap, null).get();
        } catch (ExecutionException e) {
            throwEncapsulatedException(e);
            throw e;
        }
    }
}
