package io.sockbuf.demo;

import java.io.Console;

/** Whether a person can press Enter: stdin and stdout are a terminal. */
final class Terminal {

    private Terminal() {
    }

    static boolean isStdin() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ returns a Console also when redirected; isTerminal() tells (absent before 22).
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
