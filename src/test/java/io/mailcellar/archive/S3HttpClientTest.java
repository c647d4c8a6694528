package io.mailcellar.archive;

import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;

class S3HttpClientTest {

    @Test
    void itsSocketsSendWithoutWaitingForAcknowledgements() throws IOException {
        OkHttpClient client = S3HttpClient.create(1_000);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket unconnected = client.socketFactory().createSocket();
             Socket connected = client.socketFactory().createSocket(InetAddress.getLoopbackAddress(),
                     server.getLocalPort())) {
            assertThat(unconnected.getTcpNoDelay()).as("the socket OkHttp connects itself").isTrue();
            assertThat(connected.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void requestsAreNotCappedAtFivePerHost() {
        OkHttpClient client = S3HttpClient.create(1_000);
        assertThat(client.dispatcher().getMaxRequestsPerHost()).isGreaterThanOrEqualTo(64);
    }
}
