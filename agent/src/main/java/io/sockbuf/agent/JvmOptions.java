package io.sockbuf.agent;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The options this JVM was started with: its command line ({@code /proc/self/cmdline} on Linux)
 * and the option variables the launcher reads. Without java.lang.management, which would cost
 * premain tens of milliseconds.
 */
final class JvmOptions {

    private final List<String> options;

    private JvmOptions(List<String> options) {
        this.options = options;
    }

    static JvmOptions ofThisJvm() {
        List<String> options = new ArrayList<>();
        for (String variable : new String[] {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"}) {
            String value = System.getenv(variable);
            if (value != null) {
                options.addAll(Arrays.asList(value.trim().split("\\s+")));
            }
        }
        options.addAll(commandLine());
        return new JvmOptions(options);
    }

    /** The value of the first option that starts with {@code prefix}, or null. */
    String valueOf(String prefix) {
        for (String option : options) {
            if (option.startsWith(prefix)) {
                return option.substring(prefix.length());
            }
        }
        return null;
    }

    boolean has(String option) {
        return options.contains(option);
    }

    /** The paths of every {@code -javaagent:PATH[=arguments]}. */
    List<String> agentJars() {
        List<String> jars = new ArrayList<>();
        for (String option : options) {
            if (option.startsWith("-javaagent:")) {
                String value = option.substring("-javaagent:".length());
                int equals = value.indexOf('=');
                jars.add(equals < 0 ? value : value.substring(0, equals));
            }
        }
        return jars;
    }

    private static List<String> commandLine() {
        try (InputStream in = new FileInputStream("/proc/self/cmdline")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
            // The platform's charset is the one the launcher used for these bytes.
            String text = new String(bytes.toByteArray(), Charset.defaultCharset());
            List<String> arguments = new ArrayList<>(Arrays.asList(text.split("\u0000")));
            return arguments.isEmpty() ? arguments : arguments.subList(1, arguments.size());
        } catch (IOException | RuntimeException e) {
            return new ArrayList<>(); // not Linux: nothing to go on
        }
    }
}
