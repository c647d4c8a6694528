package io.mailcellar.archive;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * AWS Signature Version 4 of an S3 request whose payload's SHA-256 is known:
 * the {@code Authorization} header for a method, an encoded path (no query)
 * and the headers to sign.
 *
 * <p>The archive signs one PUT per message. The SDK's signer parses the
 * request's date back from its header, derives the signing key anew (four
 * HMACs) and assembles the canonical request through streams and regular
 * expressions for each one, a large share of the archive writers' CPU
 * (docs/performance.md). This signer derives the key once per day, region
 * and secret, and builds the canonical request from headers given in order.
 */
final class RequestSigner {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String HMAC = "HmacSHA256";
    private static final String SERVICE = "s3";
    /** The {@code x-amz-date} form: basic ISO 8601 in UTC. */
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final String region;
    private volatile SigningKey signingKey;

    RequestSigner(String region) {
        this.region = region;
    }

    /** The key of one day, region and secret: what AWS calls the signing key. */
    private record SigningKey(String day, String secretKey, byte[] key) {
        @Override
        public String toString() {
            return "signing key of " + day;
        }
    }

    /** The {@code x-amz-date} value of an instant; the request carries it and is signed with it. */
    static String amzDate(Instant instant) {
        return AMZ_DATE.format(instant);
    }

    /**
     * The {@code Authorization} header of a request. {@code headers} are the headers to sign, lower-case names
     * in order, and must include {@code host}, {@code x-amz-date} (as {@link #amzDate} gives it) and
     * {@code x-amz-content-sha256}, whose value is {@code payloadSha256}.
     */
    String authorization(String method, String encodedPath, SortedMap<String, String> headers, String payloadSha256,
                         String accessKey, String secretKey) {
        String amzDate = headers.get("x-amz-date");
        if (amzDate == null || amzDate.length() != 16 || !headers.containsKey("host")
                || !payloadSha256.equals(headers.get("x-amz-content-sha256"))) {
            throw new IllegalArgumentException("a signed request needs host, x-amz-date and x-amz-content-sha256");
        }
        StringBuilder canonical = new StringBuilder(512)
                .append(method).append('\n')
                .append(encodedPath).append('\n')
                .append('\n');
        StringBuilder signedHeaders = new StringBuilder(128);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            canonical.append(header.getKey()).append(':').append(canonicalValue(header.getValue())).append('\n');
            if (!signedHeaders.isEmpty()) {
                signedHeaders.append(';');
            }
            signedHeaders.append(header.getKey());
        }
        canonical.append('\n').append(signedHeaders).append('\n').append(payloadSha256);

        String day = amzDate.substring(0, 8);
        String scope = day + "/" + region + "/" + SERVICE + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + Sha256.of(canonical.toString().getBytes(StandardCharsets.UTF_8));
        String signature = HexFormat.of().formatHex(hmac(key(day, secretKey), stringToSign));
        return ALGORITHM + " Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature;
    }

    private byte[] key(String day, String secretKey) {
        SigningKey current = signingKey;
        if (current == null || !current.day().equals(day) || !current.secretKey().equals(secretKey)) {
            byte[] dayKey = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
            byte[] key = hmac(hmac(hmac(dayKey, region), SERVICE), "aws4_request");
            current = new SigningKey(day, secretKey, key);
            signingKey = current;
        }
        return current.key();
    }

    /** Values are signed trimmed, with runs of spaces as one. */
    private static String canonicalValue(String value) {
        String trimmed = value.trim();
        return trimmed.contains("  ") ? trimmed.replaceAll(" +", " ") : trimmed;
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has " + HMAC, e);
        }
    }
}
