package io.shareledger.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The mixed write workload: a closed loop of N connections, each sending one command, waiting for
 * its answer and sending the next, the kind drawn at random with the weights of the mix.
 *
 * <p>The domain's rules decide the targets (command-service aggregates): a share needs the owner's
 * active SHARE_ITEMS consent and the recipient's active RECEIVE_SHARES consent; only the recipient
 * accepts or declines an OFFERED share; only the owner revokes an OFFERED or ACCEPTED share; a
 * member holds at most one active consent per purpose; withdrawing a consent makes the command
 * service's saga revoke every open share that depends on it. The driver keeps its own model of
 * that state, so that the commands it sends are valid: a connection locks the members (and takes
 * the share) it acts on, so that no two connections race on them, and a share whose consent was
 * withdrawn is dropped from the model (the saga revokes it). A kind with no valid target at that
 * moment (no OFFERED share yet, no member lacking a consent) is replaced by a profile change and
 * counted as such. Every answer is counted by its status.
 */
final class Workload {

    enum Op {
        REGISTER("register", "POST /members"),
        GRANT("grant consent", "POST /members/{id}/consents"),
        WITHDRAW("withdraw consent", "DELETE /members/{id}/consents/{consentId}"),
        OFFER("offer share", "POST /shares"),
        ACCEPT("accept share", "POST /shares/{id}/accept"),
        DECLINE("decline share", "POST /shares/{id}/decline"),
        REVOKE("revoke share", "POST /shares/{id}/revoke"),
        PROFILE("change profile", "PUT /members/{id}/profile");

        final String label;
        final String route;

        Op(String label, String route) {
            this.label = label;
            this.route = route;
        }
    }

    /** The default mix, in percent (documented in infra/bench-throughput.sh and docs/performance.md). */
    static Map<Op, Integer> defaultMix() {
        Map<Op, Integer> mix = new EnumMap<>(Op.class);
        mix.put(Op.REGISTER, 5);
        mix.put(Op.GRANT, 8);
        mix.put(Op.WITHDRAW, 7);
        mix.put(Op.OFFER, 25);
        mix.put(Op.ACCEPT, 15);
        mix.put(Op.DECLINE, 5);
        mix.put(Op.REVOKE, 10);
        mix.put(Op.PROFILE, 25);
        return mix;
    }

    static final class Member {
        final UUID id;
        final String token;
        final ReentrantLock lock = new ReentrantLock();
        /** Guarded by lock: the active consents this driver granted, or null. */
        UUID shareConsent;
        UUID receiveConsent;

        Member(UUID id, String token) {
            this.id = id;
            this.token = token;
        }
    }

    record Share(UUID id, Member owner, Member recipient, UUID ownerConsent, UUID recipientConsent) {
    }

    /** A bag of shares in one state, taken out at random while a connection acts on one. */
    static final class Pool {
        private final List<Share> items = new ArrayList<>();

        synchronized void add(Share share) {
            items.add(share);
        }

        synchronized Share take(Random random) {
            if (items.isEmpty()) {
                return null;
            }
            int i = random.nextInt(items.size());
            Share share = items.get(i);
            items.set(i, items.get(items.size() - 1));
            items.remove(items.size() - 1);
            return share;
        }

        synchronized int size() {
            return items.size();
        }
    }

    /** What one phase did. */
    static final class Result {
        final int connections;
        final Map<Op, Stats> byOp = new EnumMap<>(Op.class);
        final Map<Op, LongAdder> replacedBy = new EnumMap<>(Op.class);
        final Stats all = new Stats();
        final LongAdder sharesDropped = new LongAdder();
        final LongAdder tokenFailures = new LongAdder();
        Sampler sampler;
        long elapsedNanos;

        Result(int connections) {
            this.connections = connections;
            for (Op op : Op.values()) {
                byOp.put(op, new Stats());
                replacedBy.put(op, new LongAdder());
            }
        }

        void record(Op op, Api.Reply reply) {
            byOp.get(op).record(reply);
            all.record(reply);
        }

        double perSecond() {
            return all.succeeded.sum() / (elapsedNanos / 1e9);
        }
    }

    private final Api api;
    private final String commandUrl;
    private final String issuerUrl;
    private final String runId;
    private final boolean idempotencyKeys;
    private final Op[] table = new Op[100];
    private final List<Member> members = new ArrayList<>();
    private final Pool offered = new Pool();
    private final Pool accepted = new Pool();
    /** Every share offered (any state), with its owner: what the read phase reads. */
    private final List<Share> everyShare = new ArrayList<>();
    private final AtomicLong serial = new AtomicLong();

    Workload(Api api, String commandUrl, String issuerUrl, String runId, boolean idempotencyKeys, Map<Op, Integer> mix) {
        this.api = api;
        this.commandUrl = commandUrl;
        this.issuerUrl = issuerUrl;
        this.runId = runId;
        this.idempotencyKeys = idempotencyKeys;
        int i = 0;
        for (Map.Entry<Op, Integer> e : mix.entrySet()) {
            for (int n = 0; n < e.getValue(); n++) {
                table[i++] = e.getKey();
            }
        }
        if (i != 100) {
            throw new IllegalArgumentException("the mix must add up to 100 percent, not " + i);
        }
    }

    List<Member> members() {
        return members;
    }

    synchronized List<Share> everyShare() {
        return List.copyOf(everyShare);
    }

    int openShares() {
        return offered.size() + accepted.size();
    }

    // ------------------------------------------------------------------------------------ setup

    /**
     * Registers {@code count} members, each with a token of its own, and grants each both consents
     * (SHARE_ITEMS, RECEIVE_SHARES), 16 at a time. Answers the outcomes; members whose setup failed
     * take no part.
     */
    Stats setUp(int count) throws Exception {
        Stats stats = new Stats();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Member>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> setUpOne(index, stats)));
            }
            for (Future<Member> f : futures) {
                Member m = f.get();
                if (m != null) {
                    members.add(m);
                }
            }
        } finally {
            pool.shutdown();
        }
        return stats;
    }

    private Member setUpOne(int index, Stats stats) {
        String token = api.token(issuerUrl, "bench-" + runId + "-m" + index, "member");
        Api.Reply registered = api.post(commandUrl + "/api/v1/members", token,
                registration("b" + runId + "_m" + index), key());
        stats.record(registered);
        if (registered.status() != 201) {
            return null;
        }
        Member member = new Member(UUID.fromString(registered.json().path("id").asText()), token);
        for (String purpose : new String[] {"SHARE_ITEMS", "RECEIVE_SHARES"}) {
            Api.Reply granted = api.post(commandUrl + "/api/v1/members/" + member.id + "/consents", token,
                    "{\"purpose\":\"" + purpose + "\"}", key());
            stats.record(granted);
            if (granted.status() != 201) {
                return null;
            }
            UUID consent = UUID.fromString(granted.json().path("id").asText());
            if (purpose.equals("SHARE_ITEMS")) {
                member.shareConsent = consent;
            } else {
                member.receiveConsent = consent;
            }
        }
        return member;
    }

    static String registration(String handle) {
        return "{\"handle\":\"" + handle + "\",\"displayName\":\"Bench member\",\"email\":\"bench@example.org\"}";
    }

    private String key() {
        return idempotencyKeys ? UUID.randomUUID().toString() : null;
    }

    // ------------------------------------------------------------------------------------- load

    /** Runs the closed loop for the given time with this many connections; samples with the sampler. */
    Result run(int connections, long durationNanos, Sampler sampler) throws Exception {
        Result result = new Result(connections);
        result.sampler = sampler;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        long end = start + durationNanos;
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                futures.add(pool.submit(() -> loop(end, result, sampler)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        // until the last answer of the last connection: the commands finished after the deadline count too
        result.elapsedNanos = System.nanoTime() - start;
        return result;
    }

    private void loop(long end, Result result, Sampler sampler) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < end) {
            Op op = table[random.nextInt(100)];
            if (!execute(op, result, sampler, random)) {
                result.replacedBy.get(op).increment();
                if (!execute(Op.PROFILE, result, sampler, random)) {
                    Thread.onSpinWait(); // every member is busy: draw again
                }
            }
        }
    }

    /** Sends one command of this kind; false when there is no valid target for it right now (nothing sent). */
    private boolean execute(Op op, Result result, Sampler sampler, ThreadLocalRandom random) {
        return switch (op) {
            case REGISTER -> register(result, sampler);
            case GRANT -> grant(result, sampler, random);
            case WITHDRAW -> withdraw(result, sampler, random);
            case OFFER -> offer(result, sampler, random);
            case ACCEPT, DECLINE -> answer(op, result, sampler, random);
            case REVOKE -> revoke(result, sampler, random);
            case PROFILE -> profile(result, sampler, random);
        };
    }

    private boolean register(Result result, Sampler sampler) {
        long n = serial.incrementAndGet();
        String token;
        try {
            // fetched outside the timed command
            token = api.token(issuerUrl, "bench-" + runId + "-r" + n, "member");
        } catch (RuntimeException e) {
            result.tokenFailures.increment();
            return true;
        }
        long sent = System.nanoTime();
        Api.Reply reply = api.post(commandUrl + "/api/v1/members", token, registration("b" + runId + "_r" + n), key());
        result.record(Op.REGISTER, reply);
        if (reply.status() == 201) {
            sampler.afterCommand(sent, "/api/v1/members/" + id(reply), 0, token);
        }
        return true;
    }

    private boolean grant(Result result, Sampler sampler, ThreadLocalRandom random) {
        Member m = lockRandom(random, null, x -> x.shareConsent == null || x.receiveConsent == null);
        if (m == null) {
            return false;
        }
        try {
            boolean share = m.shareConsent == null && (m.receiveConsent != null || random.nextBoolean());
            long sent = System.nanoTime();
            Api.Reply reply = api.post(commandUrl + "/api/v1/members/" + m.id + "/consents", m.token,
                    "{\"purpose\":\"" + (share ? "SHARE_ITEMS" : "RECEIVE_SHARES") + "\"}", key());
            result.record(Op.GRANT, reply);
            if (reply.status() == 201) {
                UUID consent = UUID.fromString(id(reply));
                if (share) {
                    m.shareConsent = consent;
                } else {
                    m.receiveConsent = consent;
                }
                sampler.afterCommand(sent, "/api/v1/members/" + m.id, version(reply), m.token);
            }
            return true;
        } finally {
            m.lock.unlock();
        }
    }

    private boolean withdraw(Result result, Sampler sampler, ThreadLocalRandom random) {
        Member m = lockRandom(random, null, x -> x.shareConsent != null || x.receiveConsent != null);
        if (m == null) {
            return false;
        }
        try {
            boolean share = m.shareConsent != null && (m.receiveConsent == null || random.nextBoolean());
            UUID consent = share ? m.shareConsent : m.receiveConsent;
            long sent = System.nanoTime();
            Api.Reply reply = api.delete(commandUrl + "/api/v1/members/" + m.id + "/consents/" + consent, m.token);
            result.record(Op.WITHDRAW, reply);
            if (reply.ok() || reply.outcome().endsWith("consent-not-active")) {
                if (share) {
                    m.shareConsent = null;
                } else {
                    m.receiveConsent = null;
                }
            }
            if (reply.ok()) {
                sampler.afterCommand(sent, "/api/v1/members/" + m.id, version(reply), m.token);
            }
            return true;
        } finally {
            m.lock.unlock();
        }
    }

    private boolean offer(Result result, Sampler sampler, ThreadLocalRandom random) {
        Member owner = lockRandom(random, null, x -> x.shareConsent != null);
        if (owner == null) {
            return false;
        }
        try {
            Member recipient = lockRandom(random, owner, x -> x.receiveConsent != null);
            if (recipient == null) {
                return false;
            }
            try {
                long n = serial.incrementAndGet();
                long sent = System.nanoTime();
                Api.Reply reply = api.post(commandUrl + "/api/v1/shares", owner.token,
                        "{\"recipientId\":\"" + recipient.id + "\",\"itemRef\":\"bench-item-" + n
                                + "\",\"itemTitle\":\"Bench item\",\"permission\":\"VIEW\"}", key());
                result.record(Op.OFFER, reply);
                if (reply.status() == 201) {
                    Share share = new Share(UUID.fromString(id(reply)), owner, recipient, owner.shareConsent,
                            recipient.receiveConsent);
                    offered.add(share);
                    synchronized (this) {
                        everyShare.add(share);
                    }
                    sampler.afterCommand(sent, "/api/v1/shares/" + share.id(), 0, owner.token);
                }
                return true;
            } finally {
                recipient.lock.unlock();
            }
        } finally {
            owner.lock.unlock();
        }
    }

    private boolean answer(Op op, Result result, Sampler sampler, ThreadLocalRandom random) {
        Share share = takeShare(offered, random, result);
        if (share == null) {
            return false;
        }
        try {
            long sent = System.nanoTime();
            Api.Reply reply = api.postWithoutBody(commandUrl + "/api/v1/shares/" + share.id() + (op == Op.ACCEPT ? "/accept" : "/decline"),
                    share.recipient().token, key());
            result.record(op, reply);
            if (reply.ok()) {
                if (op == Op.ACCEPT) {
                    accepted.add(share);
                }
                sampler.afterCommand(sent, "/api/v1/shares/" + share.id(), version(reply), share.recipient().token);
            }
            // after any failure the share's state is unknown: it takes no further part
            return true;
        } finally {
            unlock(share);
        }
    }

    private boolean revoke(Result result, Sampler sampler, ThreadLocalRandom random) {
        boolean fromAccepted = accepted.size() > 0 && (offered.size() == 0 || random.nextBoolean());
        Share share = takeShare(fromAccepted ? accepted : offered, random, result);
        if (share == null) {
            return false;
        }
        try {
            long sent = System.nanoTime();
            Api.Reply reply = api.post(commandUrl + "/api/v1/shares/" + share.id() + "/revoke", share.owner().token,
                    "{\"reason\":\"bench\"}", key());
            result.record(Op.REVOKE, reply);
            if (reply.ok()) {
                sampler.afterCommand(sent, "/api/v1/shares/" + share.id(), version(reply), share.owner().token);
            }
            return true;
        } finally {
            unlock(share);
        }
    }

    private boolean profile(Result result, Sampler sampler, ThreadLocalRandom random) {
        Member m = lockRandom(random, null, x -> true);
        if (m == null) {
            return false;
        }
        try {
            long sent = System.nanoTime();
            Api.Reply reply = api.put(commandUrl + "/api/v1/members/" + m.id + "/profile", m.token,
                    "{\"displayName\":\"Bench member " + random.nextInt(1000) + "\",\"email\":\"bench@example.org\"}");
            result.record(Op.PROFILE, reply);
            if (reply.ok()) {
                sampler.afterCommand(sent, "/api/v1/members/" + m.id, version(reply), m.token);
            }
            return true;
        } finally {
            m.lock.unlock();
        }
    }

    /**
     * Takes a share from the pool with both its parties locked, or null. A share one of whose
     * consents has been withdrawn since it was offered is dropped: the saga revokes it.
     */
    private Share takeShare(Pool pool, ThreadLocalRandom random, Result result) {
        List<Share> busy = new ArrayList<>();
        try {
            for (int attempt = 0; attempt < 8; attempt++) {
                Share share = pool.take(random);
                if (share == null) {
                    return null;
                }
                if (!share.owner().lock.tryLock()) {
                    busy.add(share);
                    continue;
                }
                if (!share.recipient().lock.tryLock()) {
                    share.owner().lock.unlock();
                    busy.add(share);
                    continue;
                }
                if (share.ownerConsent().equals(share.owner().shareConsent)
                        && share.recipientConsent().equals(share.recipient().receiveConsent)) {
                    return share;
                }
                unlock(share);
                result.sharesDropped.increment();
            }
            return null;
        } finally {
            busy.forEach(pool::add);
        }
    }

    private static void unlock(Share share) {
        share.recipient().lock.unlock();
        share.owner().lock.unlock();
    }

    /** A random member (not {@code except}) that this thread could lock and that satisfies the test, locked; or null. */
    private Member lockRandom(ThreadLocalRandom random, Member except, Predicate<Member> test) {
        for (int attempt = 0; attempt < 16; attempt++) {
            Member m = members.get(random.nextInt(members.size()));
            if (m == except || !m.lock.tryLock()) {
                continue;
            }
            if (test.test(m)) {
                return m;
            }
            m.lock.unlock();
        }
        return null;
    }

    private static String id(Api.Reply reply) {
        return reply.json().path("id").asText();
    }

    private static long version(Api.Reply reply) {
        JsonNode v = reply.json().path("version");
        return v.asLong();
    }

    /** The mix as text: "register 5%, grant consent 8%, ...". */
    static String describe(Map<Op, Integer> mix) {
        Map<String, Integer> named = new LinkedHashMap<>();
        mix.forEach((op, pct) -> named.put(op.label, pct));
        StringBuilder text = new StringBuilder();
        named.forEach((k, v) -> text.append(text.isEmpty() ? "" : ", ").append(k).append(' ').append(v).append('%'));
        return text.toString();
    }
}
