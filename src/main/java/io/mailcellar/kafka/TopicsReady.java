package io.mailcellar.kafka;

/** CDI event fired once the service's topics exist; views that follow topics start on it. */
public record TopicsReady() {
}
