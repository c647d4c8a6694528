package io.mailcellar.event;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CloudEventRecordTest {

    @Test
    void travelsAsAKafkaRecordWithItsAttributesAsUtf8Headers() {
        byte[] data = {1, 2, 3};
        CloudEventRecord event = new CloudEventRecord("mb-1",
                Map.of("ce_id", "e-1", "ce_subject", "Entwürfe"), data);

        ProducerRecord<String, byte[]> record = event.toProducerRecord("mailcellar.mail-events");

        assertThat(record.topic()).isEqualTo("mailcellar.mail-events");
        assertThat(record.key()).isEqualTo("mb-1");
        assertThat(record.value()).isSameAs(data);
        assertThat(record.headers().toArray()).extracting(Header::key).containsExactlyInAnyOrder("ce_id", "ce_subject");
        assertThat(record.headers().lastHeader("ce_subject").value())
                .isEqualTo("Entwürfe".getBytes(StandardCharsets.UTF_8));
    }
}
