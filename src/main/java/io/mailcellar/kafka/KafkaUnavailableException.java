package io.mailcellar.kafka;

/** Kafka did not answer or refused a write; the caller retries later. */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
