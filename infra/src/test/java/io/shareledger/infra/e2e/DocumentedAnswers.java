package io.shareledger.infra.e2e;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Registered on every end-to-end class that sends through {@link Http} or the operator's client: before the
 * class, a fresh {@link DocumentedApi} on the committed documents collects every answer the class receives;
 * after it (after its {@code @AfterAll} methods), the class fails if any answer was not as documented,
 * naming each. Classes run one after another (no parallel execution is configured), so one current
 * collector suffices.
 */
final class DocumentedAnswers implements BeforeAllCallback, AfterAllCallback {

    private static volatile DocumentedApi current;
    private static final HttpClient CLIENT = new DocumentedHttpClient(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), exchange -> current().record(exchange));

    /** The client whose every answer the running class's collector validates. */
    static HttpClient client() {
        return CLIENT;
    }

    /** The running class's collector. */
    static DocumentedApi current() {
        DocumentedApi api = current;
        if (api == null) {
            throw new IllegalStateException("an end-to-end class sends requests without @ExtendWith(DocumentedAnswers.class)");
        }
        return api;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        current = DocumentedApi.committed();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        DocumentedApi api = current;
        current = null;
        System.out.println(context.getDisplayName() + ": " + api.summary());
        api.verify();
    }
}
