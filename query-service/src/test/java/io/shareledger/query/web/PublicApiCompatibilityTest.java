package io.shareledger.query.web;

import io.shareledger.testsupport.OpenApiCompatibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compatibility gate (ADR 0017): every released document of this service, under
 * docs/openapi/baseline/, against the committed document of the same name, which
 * OpenApiDocumentsIT holds equal to the served one. A breaking change to /api/v1 fails here with
 * openapi-diff's report; it belongs under a new version path.
 */
class PublicApiCompatibilityTest {

    private static final String PREFIX = "query-service-";

    static List<String> baselines() {
        return OpenApiCompatibility.baselines(PREFIX);
    }

    @Test
    void thePublicApiHasABaseline() {
        assertThat(baselines()).contains(PREFIX + "public.json");
    }

    @ParameterizedTest
    @MethodSource("baselines")
    void theCommittedDocumentIsCompatibleWithItsBaseline(String file) {
        OpenApiCompatibility.Verdict verdict = OpenApiCompatibility.againstBaseline(file);

        assertThat(verdict.compatible())
                .as("docs/openapi/%s breaks its released baseline (docs/adr/0017: a breaking change needs a new "
                        + "version path):%n%s", file, verdict.report())
                .isTrue();
    }
}
