package io.shareledger.infra.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time per process of the stack over a phase, from /proc (Linux): user + system time of each
 * named process and of its descendants (PostgreSQL's backends, the JVM under kafka.sh), plus what
 * its reaped children used; the benchmark's own JVM; and the whole machine's busy time from
 * /proc/stat (so that "other" shows work that is none of these). Printed as cores: CPU seconds per
 * second of the phase. Without /proc (or without pids) nothing is printed.
 */
final class CpuTimes {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ: 100 on every Linux build in use

    /** One reading: ticks per name, the machine's busy ticks, and when. */
    record Reading(Map<String, Long> ticks, long machineBusy, long nanos) {
    }

    private final Map<String, Long> roots;

    /** roots: name to pid (e.g. command-service=1234); the benchmark itself is added. */
    CpuTimes(Map<String, Long> roots) {
        this.roots = new LinkedHashMap<>(roots);
        this.roots.put("benchmark driver", ProcessHandle.current().pid());
    }

    /**
     * The processes listening on these local TCP ports (name to port), found through
     * /proc/net/tcp{,6} and the socket links under /proc/PID/fd; a port nobody here listens on is
     * left out.
     */
    static Map<String, Long> listeners(Map<String, Integer> ports) {
        Map<Long, Integer> inodes = new HashMap<>(); // socket inode -> port
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && "0A".equals(f[3]) && f[1].contains(":")) { // 0A: LISTEN
                        int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                        if (ports.containsValue(port)) {
                            inodes.put(Long.parseLong(f[9]), port);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table
            }
        }
        Map<Integer, Long> pidByPort = new HashMap<>();
        if (!inodes.isEmpty()) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path dir : dirs) {
                    try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
                        for (Path fd : fds) {
                            String target = Files.readSymbolicLink(fd).toString();
                            if (target.startsWith("socket:[")) {
                                Integer port = inodes.get(Long.parseLong(target.substring(8, target.length() - 1)));
                                if (port != null) {
                                    pidByPort.putIfAbsent(port, Long.parseLong(dir.getFileName().toString()));
                                }
                            }
                        }
                    } catch (IOException | RuntimeException gone) {
                        // exited, or not ours to read
                    }
                }
            } catch (IOException e) {
                // no /proc
            }
        }
        Map<String, Long> result = new LinkedHashMap<>();
        ports.forEach((name, port) -> {
            Long pid = pidByPort.get(port);
            if (pid != null) {
                result.put(name, pid);
            }
        });
        return result;
    }

    boolean available() {
        return Files.isReadable(Path.of("/proc/stat")) && roots.size() > 1;
    }

    Reading read() {
        Map<Long, long[]> stats = new HashMap<>(); // pid -> {ppid, self ticks, children ticks}
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                long[] stat = stat(dir.resolve("stat"));
                if (stat != null) {
                    stats.put(Long.parseLong(dir.getFileName().toString()), stat);
                }
            }
        } catch (IOException e) {
            return new Reading(Map.of(), 0, System.nanoTime());
        }
        Map<Long, List<Long>> children = new HashMap<>();
        stats.forEach((pid, s) -> children.computeIfAbsent(s[0], k -> new ArrayList<>()).add(pid));
        Map<String, Long> ticks = new LinkedHashMap<>();
        roots.forEach((name, root) -> {
            long[] s = stats.get(root);
            if (s == null) {
                return;
            }
            long sum = s[2]; // what its reaped children used
            List<Long> todo = new ArrayList<>(List.of(root));
            while (!todo.isEmpty()) {
                long pid = todo.remove(todo.size() - 1);
                long[] p = stats.get(pid);
                if (p != null) {
                    sum += p[1];
                }
                todo.addAll(children.getOrDefault(pid, List.of()));
            }
            ticks.put(name, sum);
        });
        return new Reading(ticks, machineBusy(), System.nanoTime());
    }

    /** {ppid, utime+stime, cutime+cstime} of /proc/PID/stat, or null. */
    private static long[] stat(Path file) {
        try {
            String text = Files.readString(file);
            String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
            // after the name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12]),
                    Long.parseLong(f[13]) + Long.parseLong(f[14])};
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    private static long machineBusy() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 7; i++) { // user nice system idle iowait irq softirq (not steal)
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Cores used by each process between the two readings, then "other" and the machine's total. */
    static Map<String, Double> cores(Reading from, Reading to) {
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        double named = 0;
        for (Map.Entry<String, Long> e : to.ticks().entrySet()) {
            Long before = from.ticks().get(e.getKey());
            if (before != null) {
                double c = (e.getValue() - before) / TICKS_PER_SECOND / seconds;
                cores.put(e.getKey(), c);
                named += c;
            }
        }
        double machine = (to.machineBusy() - from.machineBusy()) / TICKS_PER_SECOND / seconds;
        cores.put("other", Math.max(0, machine - named));
        cores.put("machine total", machine);
        return cores;
    }

    static String text(Map<String, Double> cores) {
        StringBuilder text = new StringBuilder();
        cores.forEach((k, v) -> text.append(text.isEmpty() ? "" : ", ").append(k).append(String.format(" %.2f", v)));
        return text.toString();
    }
}
