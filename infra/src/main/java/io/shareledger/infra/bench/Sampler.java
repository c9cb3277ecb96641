package io.shareledger.infra.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Command-to-visible latency sampled during the load: every Nth successful command is handed to one
 * of a few sampler threads (their own HTTP client and connections, beside the load's), which asks
 * the query service for the written resource at the version the command answered
 * ({@code ?minVersion=}); the service waits (at most 5 s) until its read model has applied it. An
 * answer with {@code Projection-Stale: true} or an older version is asked again, until the version
 * is visible or 30 s have passed. The sample is the time from sending the command to receiving the
 * read that shows it. Samples that find every sampler busy are dropped and counted, not queued
 * behind each other (queueing would add the samplers' own backlog to the figure).
 */
final class Sampler {

    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(30);

    final Histogram visible = new ConcurrentHistogram(1, TimeUnit.SECONDS.toMicros(300), 3);
    final LongAdder taken = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder notVisible = new LongAdder();
    final LongAdder staleAnswers = new LongAdder();
    final Stats reads = new Stats();

    private final Api api;
    private final String queryUrl;
    private final int every;
    private final AtomicLong seen = new AtomicLong();
    private final ThreadPoolExecutor pool;

    Sampler(Api api, String queryUrl, int threads, int every) {
        this.api = api;
        this.queryUrl = queryUrl;
        this.every = Math.max(1, every);
        this.pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "sampler");
                    t.setDaemon(true);
                    return t;
                });
        pool.prestartAllCoreThreads();
    }

    /** Called after every successful command; samples every Nth. path: /api/v1/members/{id} or /api/v1/shares/{id}. */
    void afterCommand(long sentNanos, String path, long version, String token) {
        if (seen.incrementAndGet() % every != 0) {
            return;
        }
        try {
            pool.execute(() -> {
                try {
                    sample(sentNanos, path, version, token);
                } catch (RuntimeException unreadable) {
                    reads.count("unreadable answer " + unreadable.getClass().getSimpleName());
                }
            });
            taken.increment();
        } catch (RejectedExecutionException busy) {
            dropped.increment();
        }
    }

    private void sample(long sentNanos, String path, long version, String token) {
        String url = queryUrl + path + "?minVersion=" + version;
        while (System.nanoTime() - sentNanos < GIVE_UP_NANOS) {
            Api.Reply reply = api.get(url, token);
            reads.record(reply);
            if (reply.status() == 200 && !reply.stale() && reply.json().path("version").asLong(-1) >= version) {
                visible.recordValue(Stats.micros(System.nanoTime() - sentNanos));
                return;
            }
            if (reply.status() == 200 || reply.status() == 404 || reply.status() == Api.TIMEOUT) {
                // not there yet (a 404 for a member registered a moment ago, once its wait ran out)
                staleAnswers.increment();
                pause();
                continue;
            }
            return; // any other answer ends the sample; it is counted in reads
        }
        notVisible.increment();
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the samples under way finish (at most 35 s) and stops the threads. */
    void finish() throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(35, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
    }
}
