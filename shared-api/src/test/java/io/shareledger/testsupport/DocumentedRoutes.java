package io.shareledger.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routes the prose documentation names (README.md, docs/*.md) and those the committed OpenAPI
 * documents hold, in one form so that they can be compared: {@code "GET /api/v1/members/{}"}, the
 * method and the path with its parameter names left out (the tables say {@code {id}} where the
 * documents say {@code {memberId}}).
 * <p>
 * A route is named by a table row or a heading, as {@code POST /api/v1/shares} or as a method
 * cell followed by a path cell ({@code | POST | `/api/v1/shares` |}); prose is not read.
 */
public final class DocumentedRoutes {

    /** Where README.md is, seen from a module's folder (the tests' working directory). */
    public static final Path ROOT = Path.of("..");

    private static final Pattern ROUTE = Pattern.compile("\\b(GET|POST|PUT|PATCH|DELETE)\\b[\\s`|]*(/[A-Za-z0-9_{}/.-]*)");
    private static final Pattern PARAMETER = Pattern.compile("\\{[^}]*}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private DocumentedRoutes() {
    }

    /** The routes named in the table rows and headings of {@code markdown}. */
    public static Set<String> inMarkdown(String markdown) {
        Set<String> routes = new TreeSet<>();
        for (String line : markdown.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("|") && !trimmed.startsWith("#")) {
                continue;
            }
            Matcher route = ROUTE.matcher(trimmed);
            while (route.find()) {
                routes.add(route.group(1) + " " + normalized(route.group(2)));
            }
        }
        return routes;
    }

    /** The routes of an OpenAPI document. */
    public static Set<String> inOpenApi(String document) {
        Set<String> routes = new TreeSet<>();
        try {
            JsonNode paths = JSON.readTree(document).path("paths");
            for (Iterator<String> names = paths.fieldNames(); names.hasNext(); ) {
                String path = names.next();
                for (Iterator<String> methods = paths.get(path).fieldNames(); methods.hasNext(); ) {
                    String method = methods.next();
                    if (METHODS.contains(method)) {
                        routes.add(method.toUpperCase(Locale.ROOT) + " " + normalized(path));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return routes;
    }

    /**
     * The part of {@code markdown} under the heading that starts with {@code heading} (for example
     * {@code "## The read API"}), up to the next heading of the same or a higher level.
     */
    public static String section(String markdown, String heading) {
        int level = heading.indexOf(' ');
        int start;
        if (markdown.startsWith(heading)) {
            start = 0;
        } else {
            int newline = markdown.indexOf("\n" + heading);
            if (newline < 0) {
                throw new IllegalArgumentException("no heading '" + heading + "'");
            }
            start = newline + 1;
        }
        String rest = markdown.substring(start);
        Matcher next = Pattern.compile("\n#{1," + level + "} ").matcher(rest);
        return next.find() ? rest.substring(0, next.start()) : rest;
    }

    /** {@code markdown} without the section under {@code heading}. */
    public static String without(String markdown, String heading) {
        return markdown.replace(section(markdown, heading), "");
    }

    public static String read(String relativePath) {
        try {
            return Files.readString(ROOT.resolve(relativePath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String normalized(String path) {
        String generic = PARAMETER.matcher(path).replaceAll("{}");
        return generic.length() > 1 && generic.endsWith("/") ? generic.substring(0, generic.length() - 1) : generic;
    }
}
