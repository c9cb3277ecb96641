package io.shareledger.query.config;

import io.shareledger.query.readmodel.ReadModel;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code shareledger.projections.segments} (default 1): the number of segments of every read model's
 * processor, shared by the service's instances through the token store.
 *
 * <p>With 1, each read model keeps its one tracking processor of application.yml. With more, each
 * becomes a pooled streaming processor in that many segments ({@code initial-segment-count}, which
 * only counts when the processor's tokens are first created), reading one stream per instance
 * through {@link AllPartitionsSource} (docs/adr/0019-read-model-segments.md); the rest of its
 * settings ({@link SegmentedProjectionsConfig}) come from Java configuration.
 */
public final class ProjectionSegments implements EnvironmentPostProcessor, Ordered {

    public static final String SEGMENTS = "shareledger.projections.segments";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        int segments = environment.getProperty(SEGMENTS, Integer.class, 1);
        if (segments < 1) {
            throw new IllegalStateException(SEGMENTS + " must be at least 1, is " + segments);
        }
        if (segments == 1) {
            return;
        }
        Map<String, Object> settings = new HashMap<>();
        for (ReadModel model : ReadModel.values()) {
            String prefix = "axon.eventhandling.processors." + model.modelName() + ".";
            settings.put(prefix + "mode", "pooled");
            settings.put(prefix + "source", "allPartitionsKafkaSource");
            settings.put(prefix + "initial-segment-count", segments);
            // worker threads: one per segment this instance may hold
            settings.put(prefix + "thread-count", segments);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("shareledger-projection-segments", settings));
    }

    @Override
    public int getOrder() {
        // after application.yml and the command line are read
        return Ordered.LOWEST_PRECEDENCE;
    }
}
