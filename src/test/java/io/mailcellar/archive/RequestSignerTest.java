package io.mailcellar.archive;

import io.minio.Signer;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The archive's signatures against the MinIO SDK's signer, which every other request of the store goes through. */
class RequestSignerTest {

    private static final String ACCESS_KEY = "AKIDEXAMPLE";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String PAYLOAD_SHA256 = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
    private static final String PATH = "/bucket/prefix/mailboxes/mb-1/messages/44/" + PAYLOAD_SHA256 + ".eml";

    @Test
    void signsAPutAsTheSdkDoes() throws Exception {
        SortedMap<String, String> headers = headers(Instant.parse("2026-11-27T04:05:06Z"));
        headers.put("if-none-match", "*");
        headers.put("content-type", "message/rfc822");
        headers.put("x-amz-meta-sha256", PAYLOAD_SHA256);

        String ours = new RequestSigner("eu-west-1").authorization("PUT", PATH, headers, PAYLOAD_SHA256,
                ACCESS_KEY, SECRET_KEY);

        assertThat(ours).isEqualTo(sdkAuthorization("eu-west-1", headers))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/eu-west-1/s3/aws4_request, "
                        + "SignedHeaders=content-type;host;if-none-match;x-amz-content-sha256;x-amz-date;"
                        + "x-amz-meta-sha256, Signature=");
    }

    @Test
    void aNewDayOrANewSecretGetsANewKey() throws Exception {
        RequestSigner signer = new RequestSigner("us-east-1");
        SortedMap<String, String> late = headers(Instant.parse("2026-11-27T23:59:59Z"));
        SortedMap<String, String> nextDay = headers(Instant.parse("2026-11-28T00:00:01Z"));

        assertThat(signer.authorization("PUT", PATH, late, PAYLOAD_SHA256, ACCESS_KEY, SECRET_KEY))
                .isEqualTo(sdkAuthorization("us-east-1", late));
        assertThat(signer.authorization("PUT", PATH, nextDay, PAYLOAD_SHA256, ACCESS_KEY, SECRET_KEY))
                .as("the key of the day before is not used").isEqualTo(sdkAuthorization("us-east-1", nextDay));
        assertThat(signer.authorization("PUT", PATH, nextDay, PAYLOAD_SHA256, ACCESS_KEY, "rotated-secret"))
                .as("a rotated secret is used at once")
                .isEqualTo(sdkAuthorization("us-east-1", nextDay, "rotated-secret"));
    }

    @Test
    void valuesAreSignedTrimmedWithRunsOfSpacesAsOne() throws Exception {
        SortedMap<String, String> headers = headers(Instant.parse("2026-11-27T04:05:06Z"));
        headers.put("x-amz-meta-note", "two  spaces   and three");

        assertThat(new RequestSigner("us-east-1").authorization("PUT", PATH, headers, PAYLOAD_SHA256, ACCESS_KEY,
                SECRET_KEY)).isEqualTo(sdkAuthorization("us-east-1", headers));
    }

    @Test
    void aRequestWithoutItsPayloadHashOrDateIsNotSigned() {
        SortedMap<String, String> headers = headers(Instant.parse("2026-11-27T04:05:06Z"));
        RequestSigner signer = new RequestSigner("us-east-1");

        assertThatThrownBy(() -> signer.authorization("PUT", PATH, headers, "another-hash", ACCESS_KEY, SECRET_KEY))
                .isInstanceOf(IllegalArgumentException.class);
        headers.remove("x-amz-date");
        assertThatThrownBy(() -> signer.authorization("PUT", PATH, headers, PAYLOAD_SHA256, ACCESS_KEY, SECRET_KEY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static SortedMap<String, String> headers(Instant at) {
        SortedMap<String, String> headers = new TreeMap<>();
        headers.put("host", "127.0.0.1:9000");
        headers.put("x-amz-date", RequestSigner.amzDate(at));
        headers.put("x-amz-content-sha256", PAYLOAD_SHA256);
        return headers;
    }

    private static String sdkAuthorization(String region, SortedMap<String, String> headers) throws Exception {
        return sdkAuthorization(region, headers, SECRET_KEY);
    }

    private static String sdkAuthorization(String region, SortedMap<String, String> headers, String secretKey)
            throws Exception {
        Request.Builder request = new Request.Builder().url("http://127.0.0.1:9000" + PATH)
                .put(RequestBody.create(new byte[0]));
        headers.forEach(request::header);
        return Signer.signV4S3(request.build(), region, ACCESS_KEY, secretKey, PAYLOAD_SHA256)
                .header("Authorization");
    }
}
