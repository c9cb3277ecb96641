package io.shareledger.infra.e2e;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * An {@link HttpClient} that hands every answer to {@code answers} (as a {@link DocumentedResponses.Exchange})
 * before the caller's body handler reads it: the plain clients of the end-to-end tests ({@link Http}, the
 * operator's {@code ProjectionsClient}) send through it, so that their answers are validated as the
 * generated clients' are. It reads the body as bytes and feeds them to the caller's handler. Only
 * {@code send} is supported: an asynchronous call fails loudly instead of passing an answer by the validation.
 */
final class DocumentedHttpClient extends HttpClient {

    private final HttpClient delegate;
    private final Consumer<DocumentedResponses.Exchange> answers;

    DocumentedHttpClient(HttpClient delegate, Consumer<DocumentedResponses.Exchange> answers) {
        this.delegate = delegate;
        this.answers = answers;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = delegate.send(request, HttpResponse.BodyHandlers.ofByteArray());
        byte[] bytes = response.body() == null ? new byte[0] : response.body();
        answers.accept(new DocumentedResponses.Exchange(request.method(), request.uri().getRawPath(), response.statusCode(),
                response.headers().map(), new String(bytes, StandardCharsets.UTF_8)));
        return new Answered<>(response, read(response, bytes, handler));
    }

    private static <T> T read(HttpResponse<byte[]> response, byte[] bytes, HttpResponse.BodyHandler<T> handler) {
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return response.statusCode();
            }

            @Override
            public HttpHeaders headers() {
                return response.headers();
            }

            @Override
            public Version version() {
                return response.version();
            }
        });
        subscriber.onSubscribe(new Flow.Subscription() {
            private boolean delivered;

            @Override
            public synchronized void request(long n) {
                if (!delivered && n > 0) {
                    delivered = true;
                    if (bytes.length > 0) {
                        subscriber.onNext(List.of(ByteBuffer.wrap(bytes)));
                    }
                    subscriber.onComplete();
                }
            }

            @Override
            public void cancel() {
            }
        });
        return subscriber.getBody().toCompletableFuture().join();
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        throw new UnsupportedOperationException("the end-to-end tests send synchronously, each answer validated");
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        throw new UnsupportedOperationException("the end-to-end tests send synchronously, each answer validated");
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    private record Answered<T>(HttpResponse<byte[]> response, T body) implements HttpResponse<T> {

        @Override
        public int statusCode() {
            return response.statusCode();
        }

        @Override
        public HttpRequest request() {
            return response.request();
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return response.headers();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return response.sslSession();
        }

        @Override
        public URI uri() {
            return response.uri();
        }

        @Override
        public Version version() {
            return response.version();
        }
    }
}
