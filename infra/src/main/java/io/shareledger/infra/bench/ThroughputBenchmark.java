package io.shareledger.infra.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Issue 10's throughput benchmark of the running stack: a mixed write workload from a closed-loop
 * generator at 16 and 64 connections, command-to-visible latency sampled during it, each event
 * processor's lag at the end of the load and the time until all of it is drained, a read phase per
 * route, and the baselines of the same servers in the same run (PostgreSQL INSERT+COMMIT and
 * primary-key SELECT by pgbench, the raw Kafka producer), with every ratio. Prints its figures, and
 * a markdown block for docs/performance.md. See infra/bench-throughput.sh for the options.
 */
public final class ThroughputBenchmark {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final Options o;
    private final Api api = new Api(Duration.ofSeconds(30));
    private final Api samplerApi = new Api(Duration.ofSeconds(30));
    private final String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final StringBuilder md = new StringBuilder();
    private CpuTimes cpu;

    private ThroughputBenchmark(Options o) {
        this.o = o;
    }

    /** Options; defaults in bench-throughput.sh's header. */
    static final class Options {
        int duration = 60;
        int warmup = 10;
        List<Integer> connections = List.of(16, 64);
        int readDuration = 30;
        int readWarmup = 5;
        int readConnections = 16;
        int baselineDuration = 30;
        int baselineClients = 16;
        int members = 256;
        int sampleEvery = 10;
        int samplers = 16;
        int drainTimeout = 300;
        int lagInterval = 10;
        boolean idempotencyKeys = true;
        boolean baselines = true;
        long coldStartOrigin = -1;
        long preload;
        Path out;
        Map<Workload.Op, Integer> mix = Workload.defaultMix();
        Map<String, Long> pids = new LinkedHashMap<>();

        String commandUrl = env("SHARELEDGER_COMMAND_URL", "http://127.0.0.1:8080");
        String queryUrl = env("SHARELEDGER_QUERY_URL", "http://127.0.0.1:8081");
        String issuerUrl = env("SHARELEDGER_ISSUER_URL", "http://127.0.0.1:8090");
        String kafka = env("SHARELEDGER_KAFKA", "127.0.0.1:9092");
        String pgHost = env("SHARELEDGER_PG_HOST", "127.0.0.1");
        int pgPort = Integer.parseInt(env("SHARELEDGER_PG_PORT", "5432"));
        String dbUser = env("SHARELEDGER_DB_USER", "shareledger");
        String dbPassword = env("SHARELEDGER_DB_PASSWORD", "shareledger");
        String writeDb = env("SHARELEDGER_WRITE_DB", "shareledger_write");
        String pgbench = env("PGBENCH", "/usr/bin/pgbench");

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--duration" -> { o.duration = Integer.parseInt(v); i++; }
                    case "--warmup" -> { o.warmup = Integer.parseInt(v); i++; }
                    case "--connections" -> {
                        o.connections = List.of(v.split(",")).stream().map(String::trim).map(Integer::parseInt).toList();
                        i++;
                    }
                    case "--read-duration" -> { o.readDuration = Integer.parseInt(v); i++; }
                    case "--read-warmup" -> { o.readWarmup = Integer.parseInt(v); i++; }
                    case "--read-connections" -> { o.readConnections = Integer.parseInt(v); i++; }
                    case "--baseline-duration" -> { o.baselineDuration = Integer.parseInt(v); i++; }
                    case "--baseline-clients" -> { o.baselineClients = Integer.parseInt(v); i++; }
                    case "--members" -> { o.members = Integer.parseInt(v); i++; }
                    case "--sample-every" -> { o.sampleEvery = Integer.parseInt(v); i++; }
                    case "--samplers" -> { o.samplers = Integer.parseInt(v); i++; }
                    case "--drain-timeout" -> { o.drainTimeout = Integer.parseInt(v); i++; }
                    case "--lag-interval" -> { o.lagInterval = Integer.parseInt(v); i++; }
                    case "--no-idempotency-keys" -> o.idempotencyKeys = false;
                    case "--skip-baselines" -> o.baselines = false;
                    case "--cold-start-origin" -> { o.coldStartOrigin = Long.parseLong(v); i++; }
                    case "--preload" -> { o.preload = Long.parseLong(v.replace("_", "")); i++; }
                    case "--out" -> { o.out = Path.of(v); i++; }
                    case "--mix" -> { o.mix = mix(v); i++; }
                    case "--pid" -> {
                        String[] kv = v.split("=", 2);
                        o.pids.put(kv[0], Long.parseLong(kv[1]));
                        i++;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (o.members < 2) {
                throw new IllegalArgumentException("--members must be at least 2");
            }
            // the placeholders Growth writes are no history to keep: only into a stack of the benchmark's own
            if (o.preload > 0 && o.coldStartOrigin < 0) {
                throw new IllegalArgumentException("--preload writes placeholder events into the event store: "
                        + "it runs only on a stack the benchmark starts itself (--start)");
            }
            return o;
        }

        static Map<Workload.Op, Integer> mix(String text) {
            Map<Workload.Op, Integer> mix = new EnumMap<>(Workload.Op.class);
            for (Workload.Op op : Workload.Op.values()) {
                mix.put(op, 0);
            }
            for (String part : text.split(",")) {
                String[] kv = part.trim().split("=");
                mix.put(Workload.Op.valueOf(kv[0].trim().toUpperCase(Locale.ROOT)), Integer.parseInt(kv[1].trim()));
            }
            return mix;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        new ThroughputBenchmark(o).run();
    }

    // ------------------------------------------------------------------------------------- run

    private void run() throws Exception {
        String machine = machine();
        say("ShareLedger throughput benchmark, run " + runId + " (" + now() + ")");
        say("machine: " + machine);
        say("load phases: " + o.connections + " connections, " + o.duration + " s each after a " + o.warmup
                + " s warm-up; reads: " + o.readConnections + " connections, " + o.readDuration + " s per route after a "
                + o.readWarmup + " s warm-up; baselines: "
                + (o.baselines ? o.baselineDuration + " s each, " + o.baselineClients + " clients" : "skipped"));
        say("mix: " + Workload.describe(o.mix) + "; " + o.members + " members; Idempotency-Key on POSTs: "
                + (o.idempotencyKeys ? "yes" : "no") + "; command-to-visible sampled every " + o.sampleEvery
                + "th successful command by up to " + o.samplers + " samplers");

        ColdStart cold = o.coldStartOrigin > 0 ? coldStart() : null;
        requireHealthy();
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("command-service", URI.create(o.commandUrl).getPort());
        ports.put("query-service", URI.create(o.queryUrl).getPort());
        ports.put("postgres", o.pgPort);
        ports.put("kafka", Integer.parseInt(o.kafka.split(",")[0].substring(o.kafka.split(",")[0].lastIndexOf(':') + 1)));
        ports.put("dev-issuer", URI.create(o.issuerUrl).getPort());
        Map<String, Long> pids = CpuTimes.listeners(ports);
        pids.putAll(o.pids);
        cpu = new CpuTimes(pids);
        say("processes whose CPU time is counted: " + (pids.isEmpty() ? "none found" : String.join(", ", pids.keySet()))
                + " (with their child processes), the benchmark itself, the machine's total");
        String operatorToken = api.token(o.issuerUrl, "bench-" + runId + "-operator", "operator");
        try (Lag lag = new Lag(writeJdbcUrl(), o.dbUser, o.dbPassword,
                api, o.queryUrl, operatorToken)) {
            Workload workload = new Workload(api, o.commandUrl, o.issuerUrl, runId, o.idempotencyKeys, o.mix);
            long setUpStart = System.nanoTime();
            Stats setUp = workload.setUp(o.members);
            say(String.format("set-up: %d members registered with both consents in %.1f s (%d commands; not 2xx: %s)",
                    workload.members().size(), (System.nanoTime() - setUpStart) / 1e9, setUp.received(),
                    Stats.failureText(setUp.failures())));
            if (workload.members().size() < Math.max(2, o.members / 2)) {
                throw new IllegalStateException("set-up failed for too many members");
            }
            drain(lag, "set-up");

            Map<String, Map<String, Double>> cpuByPhase = new LinkedHashMap<>();
            Baselines.PgResult[] pg = null;
            double kafka = Double.NaN;
            if (o.baselines) {
                CpuTimes.Reading c0 = cpu.read();
                pg = new Baselines(o.pgbench, o.pgHost, o.pgPort, o.dbUser, o.dbPassword).postgres(o.writeDb, o.baselineDuration, o.baselineClients);
                say(String.format("baseline PostgreSQL INSERT+COMMIT: %.0f tx/s (%d transactions, %d failed)",
                        pg[0].tps(), pg[0].transactions(), pg[0].failed()));
                say(String.format("baseline PostgreSQL primary-key SELECT: %.0f tx/s (%d transactions, %d failed)",
                        pg[1].tps(), pg[1].transactions(), pg[1].failed()));
                CpuTimes.Reading c1 = cpu.read();
                kafka = Baselines.kafka(o.kafka, o.baselineDuration);
                say(String.format("baseline Kafka raw producer: %.0f records/s (transactions of 500, 600-byte records)", kafka));
                CpuTimes.Reading c2 = cpu.read();
                cpuByPhase.put("pgbench (INSERT, SELECT)", CpuTimes.cores(c0, c1));
                cpuByPhase.put("raw producer", CpuTimes.cores(c1, c2));
            }

            if (o.warmup > 0) {
                Sampler s = new Sampler(samplerApi, o.queryUrl, o.samplers, o.sampleEvery);
                Workload.Result w = workload.run(o.connections.get(0), o.warmup * SECOND, s);
                s.finish();
                say(String.format("warm-up (%d connections, %d s, not reported further): %.0f commands/s, not 2xx: %s",
                        w.connections, o.warmup, w.perSecond(), Stats.failureText(w.all.failures())));
                drain(lag, "warm-up");
            }

            List<Phase> phases = new ArrayList<>();
            for (int connections : o.connections) {
                phases.add(phase(workload, lag, connections, String.valueOf(connections), cpuByPhase));
            }
            Growth.Loads loads = null;
            if (o.preload > 0) {
                say(String.format("preloading %,d placeholder events into the event store ...", o.preload));
                double took = Growth.preload(writeJdbcUrl(), o.dbUser, o.dbPassword, o.preload, runId);
                say(String.format("preloaded %,d events in %.0f s", o.preload, took));
                int connections = o.connections.get(0);
                Phase grown = phase(workload, lag, connections,
                        connections + ", " + String.format(Locale.ROOT, "%,d", o.preload) + " events preloaded", cpuByPhase);
                phases.add(grown);
                say(String.format("growth: commands/s with %,d events preloaded ÷ commands/s before, both at %d connections: %.2f",
                        o.preload, connections, grown.result().perSecond() / phases.get(0).result().perSecond()));
            }
            loads = Growth.loads(writeJdbcUrl(), o.dbUser, o.dbPassword);
            say(String.format("aggregate loads: %,d events stored; the longest history the benchmark wrote: %d events; "
                            + "the most events a load of any of its aggregates reads now (after its latest snapshot): %d; "
                            + "%d snapshots", loads.storedEvents(), loads.longestHistory(), loads.mostEventsReadToLoad(),
                    loads.snapshots()));

            List<ReadPhase.Result> reads = new ArrayList<>();
            ReadPhase readPhase = new ReadPhase(api);
            for (ReadPhase.Route route : ReadPhase.routes(o.commandUrl, o.queryUrl, workload.members(), workload.everyShare())) {
                CpuTimes.Reading r0 = cpu.read();
                ReadPhase.Result r = readPhase.run(route, o.readConnections, o.readWarmup * SECOND, o.readDuration * SECOND);
                cpuByPhase.put("read: " + route.name(), CpuTimes.cores(r0, cpu.read()));
                reads.add(r);
                say(String.format("read %-26s %8.0f requests/s  p50 %7.2f ms  p99 %7.2f ms  (%d ok; not 2xx: %s)",
                        r.name(), r.perSecond(), Stats.ms(r.stats().latency, 50), Stats.ms(r.stats().latency, 99),
                        r.stats().succeeded.sum(), Stats.failureText(r.stats().failures())));
            }
            if (cpu.available()) {
                cpuByPhase.forEach((phase, cores) -> say("CPU cores used, " + phase + ": " + CpuTimes.text(cores)));
            }

            markdown(machine, cold, workload, phases, reads, pg, kafka, cpuByPhase, loads);
        }
        System.out.println();
        System.out.println("----- markdown for docs/performance.md -----");
        System.out.print(md);
        System.out.println("----- end of markdown -----");
        if (o.out != null) {
            Files.writeString(o.out, md.toString(), StandardCharsets.UTF_8);
            say("markdown written to " + o.out);
        }
    }

    /** One load phase's figures. */
    record Phase(Workload.Result result, double eventsPerSecond, List<String> lagDuring, Lag.Reading atEnd, Lag.Drain drained,
                 Lag.Reading afterDrain, String label) {
    }

    /** One load phase at {@code connections}, with the lag watched during it and drained after it. */
    private Phase phase(Workload workload, Lag lag, int connections, String label,
                        Map<String, Map<String, Double>> cpuByPhase) throws Exception {
        Sampler sampler = new Sampler(samplerApi, o.queryUrl, o.samplers, o.sampleEvery);
        long before = lag.maxGlobalIndex();
        CpuTimes.Reading c0 = cpu.read();
        List<String> lagDuring = new ArrayList<>();
        long phaseStart = System.nanoTime();
        ScheduledExecutorService lagWatch = Executors.newSingleThreadScheduledExecutor();
        lagWatch.scheduleAtFixedRate(() -> lagDuring.add(String.format("%.0f s: %s",
                        (System.nanoTime() - phaseStart) / 1e9, lag.read().text())),
                o.lagInterval, o.lagInterval, TimeUnit.SECONDS);
        Workload.Result r = workload.run(connections, o.duration * SECOND, sampler);
        long end = System.nanoTime();
        lagWatch.shutdown();
        lagWatch.awaitTermination(30, TimeUnit.SECONDS);
        CpuTimes.Reading c1 = cpu.read();
        long after = lag.maxGlobalIndex();
        Lag.Reading atEnd = lag.read();
        Lag.Drain drained = lag.awaitDrained(end, o.drainTimeout * SECOND);
        sampler.finish();
        Lag.Reading afterDrain = lag.read();
        Phase phase = new Phase(r, (after - before) / (r.elapsedNanos / 1e9), List.copyOf(lagDuring), atEnd, drained,
                afterDrain, label);
        cpuByPhase.put(label + " connections", CpuTimes.cores(c0, c1));
        print(phase, workload);
        if (drained.allNanos() < 0) {
            say("not drained after " + o.drainTimeout + " s; waiting once more before the next phase");
            drain(lag, label + " connections");
        }
        return phase;
    }

    private String writeJdbcUrl() {
        return "jdbc:postgresql://" + o.pgHost + ":" + o.pgPort + "/" + o.writeDb;
    }

    private void print(Phase p, Workload workload) {
        Workload.Result r = p.result();
        Sampler s = r.sampler;
        say(String.format("%s connections: %.0f commands/s (%d ok in %.1f s; not 2xx: %s)", p.label(), r.perSecond(),
                r.all.succeeded.sum(), r.elapsedNanos / 1e9, Stats.failureText(r.all.failures())));
        say(String.format("  command latency p50 %.1f ms, p99 %.1f ms, max %.1f ms", Stats.ms(r.all.latency, 50),
                Stats.ms(r.all.latency, 99), Stats.ms(r.all.latency, 100)));
        for (Workload.Op op : Workload.Op.values()) {
            Stats st = r.byOp.get(op);
            say(String.format("  %-17s %7.0f/s  p50 %7.1f ms  p99 %7.1f ms  (not 2xx: %s; replaced by a profile change: %d)",
                    op.label, st.succeeded.sum() / (r.elapsedNanos / 1e9), Stats.ms(st.latency, 50), Stats.ms(st.latency, 99),
                    Stats.failureText(st.failures()), r.replacedBy.get(op).sum()));
        }
        say(String.format("  command->visible p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples; %d not taken, every sampler busy; "
                        + "%d not visible within 30 s; %d re-asks after a stale answer; sampler reads not 2xx: %s)",
                Stats.ms(s.visible, 50), Stats.ms(s.visible, 99), Stats.ms(s.visible, 100), s.visible.getTotalCount(),
                s.dropped.sum(), s.notVisible.sum(), s.staleAnswers.sum(), Stats.failureText(s.reads.failures())));
        say(String.format("  events appended %.0f/s; shares dropped from the model after a consent withdrawal: %d; "
                + "open shares in the model: %d; registration tokens the issuer failed: %d", p.eventsPerSecond(),
                r.sharesDropped.sum(), workload.openShares(), r.tokenFailures.sum()));
        p.lagDuring().forEach(l -> say("  lag during load, " + l));
        say("  lag at end of load: " + p.atEnd().text());
        say("  " + (p.drained().allNanos() >= 0 ? String.format("all lag drained %.2f s after the end of load", p.drained().allNanos() / 1e9)
                : "lag NOT drained within " + o.drainTimeout + " s: " + p.afterDrain().text())
                + "; each processor at 0 after: " + p.drained().text() + "; dead letters: " + p.afterDrain().deadLetters());
    }

    private void drain(Lag lag, String after) throws InterruptedException {
        long start = System.nanoTime();
        if (lag.awaitDrained(start, o.drainTimeout * SECOND).allNanos() < 0) {
            throw new IllegalStateException("processors not drained " + o.drainTimeout + " s after the " + after + ": "
                    + lag.read().text());
        }
    }

    private void requireHealthy() {
        for (String url : List.of(o.commandUrl, o.queryUrl)) {
            Api.Reply reply = api.get(url + "/actuator/health", null);
            if (reply.status() != 200) {
                throw new IllegalStateException(url + "/actuator/health answered " + reply.outcome()
                        + ": start the stack (infra/local-stack.sh) or let bench-throughput.sh start one");
            }
        }
    }

    // ------------------------------------------------------------------------------ cold start

    /**
     * From the stack's first process: until both services reported ready, until the first registration
     * was accepted and until it was visible; the first ten writes' command-to-visible, the first sent as
     * soon as both were ready (issue 10's floor counts from there: what a newcomer meets after the
     * local stack says it is up).
     */
    record ColdStart(long readyMillis, long acceptedMillis, long visibleMillis, int attempts, List<Double> firstTen) {
    }

    private ColdStart coldStart() throws InterruptedException {
        long limit = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(10);
        String token = null;
        while (token == null) {
            try {
                token = api.token(o.issuerUrl, "bench-" + runId + "-cold", "member");
            } catch (RuntimeException notYet) {
                waitOrFail(limit, "the token issuer");
            }
        }
        for (String service : List.of(o.commandUrl, o.queryUrl)) {
            while (api.get(service + "/actuator/health/readiness", null).status() != 200) {
                waitOrFail(limit, service + " reporting ready");
            }
        }
        long ready = System.currentTimeMillis() - o.coldStartOrigin;
        int attempts = 0;
        Api.Reply registered;
        long sent;
        while (true) {
            attempts++;
            sent = System.nanoTime();
            registered = api.post(o.commandUrl + "/api/v1/members", token, Workload.registration("b" + runId + "_cold"), null);
            if (registered.status() == 201) {
                break;
            }
            waitOrFail(limit, "a registration");
        }
        long accepted = System.currentTimeMillis() - o.coldStartOrigin;
        String id = registered.json().path("id").asText();
        List<Double> firstTen = new ArrayList<>();
        firstTen.add(awaitVisible(sent, "/api/v1/members/" + id, 0, token, limit));
        long visible = System.currentTimeMillis() - o.coldStartOrigin;
        for (int i = 1; i < 10; i++) {
            long t0 = System.nanoTime();
            Api.Reply changed = api.put(o.commandUrl + "/api/v1/members/" + id + "/profile", token,
                    "{\"displayName\":\"Bench cold " + i + "\",\"email\":\"bench@example.org\"}");
            if (!changed.ok()) {
                throw new IllegalStateException("profile change " + i + " after the cold start answered " + changed.outcome());
            }
            firstTen.add(awaitVisible(t0, "/api/v1/members/" + id, changed.json().path("version").asLong(), token, limit));
        }
        say(String.format("cold start: both services ready %.1f s after the stack's first process started; the first "
                        + "registration, sent then, accepted at %.1f s and visible on the query side at %.1f s (%d attempts); "
                        + "the first ten writes' command->visible (ms): %s", ready / 1e3, accepted / 1e3, visible / 1e3,
                attempts, firstTen.stream().map(v -> String.format("%.0f", v)).toList()));
        return new ColdStart(ready, accepted, visible, attempts, firstTen);
    }

    /** Milliseconds from sentNanos until the query side shows the version. */
    private double awaitVisible(long sentNanos, String path, long version, String token, long limit) throws InterruptedException {
        while (true) {
            Api.Reply read = api.get(o.queryUrl + path + "?minVersion=" + version, token);
            if (read.status() == 200 && !read.stale() && read.json().path("version").asLong(-1) >= version) {
                return (System.nanoTime() - sentNanos) / 1e6;
            }
            if (System.currentTimeMillis() > limit) {
                throw new IllegalStateException("the first write was not visible within 10 minutes: " + read.outcome());
            }
            Thread.sleep(read.status() < 0 ? 100 : 5);
        }
    }

    private static void waitOrFail(long limit, String what) throws InterruptedException {
        if (System.currentTimeMillis() > limit) {
            throw new IllegalStateException(what + " did not succeed within 10 minutes of the start");
        }
        Thread.sleep(100);
    }

    // -------------------------------------------------------------------------------- markdown

    private void markdown(String machine, ColdStart cold, Workload workload, List<Phase> phases,
                          List<ReadPhase.Result> reads, Baselines.PgResult[] pg, double kafka,
                          Map<String, Map<String, Double>> cpuByPhase, Growth.Loads loads) {
        line("Run " + runId + ", " + now() + ". Machine: " + machine + "; the whole stack (embedded PostgreSQL 15 with "
                + "fsync on, Kafka, token issuer, both services) and the benchmark on it. Load phases " + o.duration
                + " s each (after a " + o.warmup + " s warm-up), read routes " + o.readDuration + " s each (after a " + o.readWarmup + " s warm-up each), baselines "
                + (o.baselines ? o.baselineDuration + " s each" : "skipped") + "; " + workload.members().size()
                + " members; Idempotency-Key on every POST: " + (o.idempotencyKeys ? "yes" : "no")
                + "; command-to-visible sampled every " + o.sampleEvery + "th successful command.");
        line("");
        line("Mix: " + Workload.describe(o.mix) + ".");
        line("");
        line("| connections | commands/s (2xx) | not 2xx | command p50 / p99 (ms) | command→visible p50 / p99 (ms) | samples | events appended/s | lag at end of load (events; read models: records) | drained after |");
        line("|---|---|---|---|---|---|---|---|---|");
        for (Phase p : phases) {
            Workload.Result r = p.result();
            Sampler s = r.sampler;
            line(String.format("| %s | %s | %s | %s / %s | %s / %s | %d (%d not taken, %d not visible in 30 s) | %s | %s | %s |",
                    p.label(), n0(r.perSecond()), Stats.failureText(r.all.failures()),
                    n1(Stats.ms(r.all.latency, 50)), n1(Stats.ms(r.all.latency, 99)),
                    n1(Stats.ms(s.visible, 50)), n1(Stats.ms(s.visible, 99)), s.visible.getTotalCount(), s.dropped.sum(),
                    s.notVisible.sum(), n0(p.eventsPerSecond()), p.atEnd().text(),
                    (p.drained().allNanos() >= 0 ? String.format("%.2f s", p.drained().allNanos() / 1e9) : "not within " + o.drainTimeout + " s")
                            + " (" + p.drained().text() + ")"));
        }
        line("");
        for (Phase p : phases) {
            if (!p.lagDuring().isEmpty()) {
                line("Lag during the load at " + p.label() + " connections, every " + o.lagInterval + " s: "
                        + String.join("; ", p.lagDuring()) + ".");
                line("");
            }
        }
        StringBuilder header = new StringBuilder("| command |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Phase p : phases) {
            header.append(" ").append(p.label()).append(" conn.: /s, p50 / p99 (ms) |");
            rule.append("---|");
        }
        header.append(" not 2xx, replaced by a profile change (for lack of a target) |");
        rule.append("---|");
        line(header.toString());
        line(rule.toString());
        for (Workload.Op op : Workload.Op.values()) {
            StringBuilder row = new StringBuilder("| " + op.label + " (" + op.route + ") |");
            StringBuilder notes = new StringBuilder();
            for (Phase p : phases) {
                Workload.Result r = p.result();
                Stats st = r.byOp.get(op);
                row.append(String.format(" %s, %s / %s |", n0(st.succeeded.sum() / (r.elapsedNanos / 1e9)),
                        n1(Stats.ms(st.latency, 50)), n1(Stats.ms(st.latency, 99))));
                notes.append(notes.isEmpty() ? "" : "; ").append(p.label()).append(": ")
                        .append(Stats.failureText(st.failures())).append(", ").append(r.replacedBy.get(op).sum());
            }
            line(row + " " + notes + " |");
        }
        line("");
        if (pg != null) {
            line("| baseline, same run, same servers | figure |");
            line("|---|---|");
            line(String.format("| PostgreSQL single-row INSERT + COMMIT, pgbench -c %d -j 2 -M prepared | %s tx/s (%d failed) |",
                    o.baselineClients, n0(pg[0].tps()), pg[0].failed()));
            line(String.format("| PostgreSQL primary-key SELECT, pgbench -c %d -j 2 -M prepared | %s tx/s (%d failed) |",
                    o.baselineClients, n0(pg[1].tps()), pg[1].failed()));
            line(String.format("| Kafka raw producer, transactional, 600-byte records, transactions of 500 | %s records/s |", n0(kafka)));
            line("");
        }
        line(String.format("| read, %d connections | requests/s (2xx) | p50 / p99 (ms) | not 2xx |%s", o.readConnections,
                pg != null ? " ÷ SELECT/s |" : ""));
        line("|---|---|---|---|" + (pg != null ? "---|" : ""));
        for (ReadPhase.Result r : reads) {
            line(String.format("| %s (`%s`) | %s | %s / %s | %s |%s", r.name(), r.route(), n0(r.perSecond()),
                    n1(Stats.ms(r.stats().latency, 50)), n1(Stats.ms(r.stats().latency, 99)),
                    Stats.failureText(r.stats().failures()), pg != null ? " " + n3(r.perSecond() / pg[1].tps()) + " |" : ""));
        }
        line("");
        if (pg != null) {
            line("| ratio | value |");
            line("|---|---|");
            for (Phase p : phases) {
                Workload.Result r = p.result();
                line(String.format("| commands/s at %s connections ÷ PostgreSQL INSERT tx/s | %s |", p.label(),
                        n3(r.perSecond() / pg[0].tps())));
                line(String.format("| events appended/s at %s connections ÷ PostgreSQL INSERT tx/s | %s |", p.label(),
                        n3(p.eventsPerSecond() / pg[0].tps())));
                line(String.format("| events appended/s at %s connections ÷ raw producer records/s | %s |", p.label(),
                        n3(p.eventsPerSecond() / kafka)));
            }
            for (ReadPhase.Result r : reads) {
                line(String.format("| %s requests/s ÷ PostgreSQL SELECT tx/s | %s |", r.name(), n3(r.perSecond() / pg[1].tps())));
            }
            line("");
        }
        if (cpu.available() && !cpuByPhase.isEmpty()) {
            List<String> names = new ArrayList<>(cpuByPhase.values().iterator().next().keySet());
            StringBuilder h = new StringBuilder("| CPU, cores used (of " + Runtime.getRuntime().availableProcessors() + ") |");
            StringBuilder ru = new StringBuilder("|---|");
            names.forEach(k -> {
                h.append(' ').append(k).append(" |");
                ru.append("---|");
            });
            line(h.toString());
            line(ru.toString());
            cpuByPhase.forEach((phase, cores) -> {
                StringBuilder row = new StringBuilder("| " + phase + " |");
                names.forEach(name -> row.append(' ').append(n2(cores.getOrDefault(name, Double.NaN))).append(" |"));
                line(row.toString());
            });
            line("");
        }
        if (o.preload > 0) {
            Phase empty = phases.get(0);
            Phase grown = phases.get(phases.size() - 1);
            line(String.format(Locale.ROOT, "Growth: %,d placeholder events preloaded into the event store (copies of the "
                            + "stored ones under new aggregate and event ids, below every processor's position: Growth.java) "
                            + "before the last load phase; commands/s then ÷ commands/s in the first phase, both at %s "
                            + "connections: %.2f (command p99 %s ms before, %s ms after).", o.preload, empty.label(),
                    grown.result().perSecond() / empty.result().perSecond(), n1(Stats.ms(empty.result().all.latency, 99)),
                    n1(Stats.ms(grown.result().all.latency, 99))));
            line("");
        }
        line(String.format(Locale.ROOT, "Aggregate loads at the end: %,d events stored; the longest history the benchmark wrote "
                        + "is %d events; the most any load of its aggregates reads now (events after the latest snapshot) is "
                        + "%d; %d snapshots stored.", loads.storedEvents(), loads.longestHistory(), loads.mostEventsReadToLoad(),
                loads.snapshots()));
        line("");
        if (cold != null) {
            line(String.format("Cold start (the benchmark started the stack): both services reported ready %.1f s after "
                            + "local-stack.sh started its first process; the first registration, sent then, was accepted at %.1f s "
                            + "and visible on the query side at %.1f s (%d attempts); the first ten writes' command→visible "
                            + "(registration, then nine profile changes, one at a time): %s ms.",
                    cold.readyMillis() / 1e3, cold.acceptedMillis() / 1e3, cold.visibleMillis() / 1e3, cold.attempts(),
                    String.join(", ", cold.firstTen().stream().map(v -> String.format("%.0f", v)).toList())));
            line("");
        }
    }

    private void line(String text) {
        md.append(text).append('\n');
    }

    // ------------------------------------------------------------------------------------ util

    private static String machine() {
        String model = "unknown CPU";
        long memKb = 0;
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    model = l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // leave unknown
        }
        return String.format("%d cores (%s), %d GiB, Java %s", Runtime.getRuntime().availableProcessors(), model,
                Math.round(memKb / 1024.0 / 1024.0), System.getProperty("java.version"));
    }

    private static String now() {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(Instant.now().atOffset(ZoneOffset.UTC));
    }

    private static void say(String text) {
        System.out.println(text);
        System.out.flush();
    }

    private static String n0(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String n1(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String n2(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String n3(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
