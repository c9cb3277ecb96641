package io.shareledger.infra.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The read phase: for each route in turn, a closed loop of N connections sending only that
 * request, first for a warm-up whose answers are not counted, then for the given time. Members
 * and shares are drawn at random from those the write phases made (each read with the token of a
 * party to it).
 */
final class ReadPhase {

    /** One route's result. */
    record Result(String name, String route, Stats stats, long elapsedNanos) {
        double perSecond() {
            return stats.succeeded.sum() / (elapsedNanos / 1e9);
        }
    }

    /** A request to send: url and token (null: none). */
    record Request(String url, String token) {
    }

    private final Api api;

    ReadPhase(Api api) {
        this.api = api;
    }

    static List<Route> routes(String commandUrl, String queryUrl, List<Workload.Member> members,
                              List<Workload.Share> shares) {
        List<Route> routes = new ArrayList<>();
        if (!shares.isEmpty()) {
            routes.add(new Route("single share", "GET /api/v1/shares/{id}", r -> {
                Workload.Share s = shares.get(r.nextInt(shares.size()));
                return new Request(queryUrl + "/api/v1/shares/" + s.id(), s.owner().token);
            }));
        }
        routes.add(new Route("share list", "GET /api/v1/members/{id}/shares?direction=outgoing|incoming", r -> {
            Workload.Member m = members.get(r.nextInt(members.size()));
            return new Request(queryUrl + "/api/v1/members/" + m.id + "/shares?direction="
                    + (r.nextBoolean() ? "outgoing" : "incoming"), m.token);
        }));
        routes.add(new Route("own profile", "GET /api/v1/members/me", r -> {
            Workload.Member m = members.get(r.nextInt(members.size()));
            return new Request(queryUrl + "/api/v1/members/me", m.token);
        }));
        routes.add(new Route("history", "GET /api/v1/members/{id}/history", r -> {
            Workload.Member m = members.get(r.nextInt(members.size()));
            return new Request(queryUrl + "/api/v1/members/" + m.id + "/history", m.token);
        }));
        routes.add(new Route("health, command service", "GET :command/actuator/health",
                r -> new Request(commandUrl + "/actuator/health", null)));
        routes.add(new Route("health, query service", "GET :query/actuator/health",
                r -> new Request(queryUrl + "/actuator/health", null)));
        return routes;
    }

    record Route(String name, String route, Function<ThreadLocalRandom, Request> next) {
    }

    /**
     * Sends the route's requests for the warm-up (answers not counted: the services' JITs compile
     * the route's code meanwhile, as they would have long since in production), then for the
     * measured duration.
     */
    Result run(Route route, int connections, long warmupNanos, long durationNanos) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            if (warmupNanos > 0) {
                loop(pool, route, connections, warmupNanos, new Stats());
            }
            Stats stats = new Stats();
            long start = System.nanoTime();
            loop(pool, route, connections, durationNanos, stats);
            return new Result(route.name(), route.route(), stats, System.nanoTime() - start);
        } finally {
            pool.shutdown();
        }
    }

    private void loop(ExecutorService pool, Route route, int connections, long durationNanos, Stats stats)
            throws Exception {
        long end = System.nanoTime() + durationNanos;
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            futures.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    Request request = route.next().apply(random);
                    stats.record(api.get(request.url(), request.token()));
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }
}
