package io.shareledger.query.config;

import io.shareledger.testsupport.TestKafka;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

import java.io.IOException;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaHealthIndicatorTest {

    @Test
    void upWhenTheBrokerAnswers() {
        assertThat(new KafkaHealthIndicator(TestKafka.bootstrapServers()).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void downWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(new KafkaHealthIndicator("127.0.0.1:" + port).health().getStatus()).isEqualTo(Status.DOWN);
    }
}
