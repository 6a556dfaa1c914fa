package io.sockbuf.agent.model;

import java.net.SocketOption;
import java.net.SocketOptions;
import java.net.StandardSocketOptions;

/** One of a socket's two buffers, with the names the JDK and Linux give it. */
public enum Direction {
    RECEIVE("recv", "SO_RCVBUF", "net.core.rmem_max", StandardSocketOptions.SO_RCVBUF, SocketOptions.SO_RCVBUF),
    SEND("send", "SO_SNDBUF", "net.core.wmem_max", StandardSocketOptions.SO_SNDBUF, SocketOptions.SO_SNDBUF);

    private final String label;
    private final String optionName;
    private final String maxSysctl;
    private final SocketOption<Integer> option;
    private final int implOption;

    Direction(String label, String optionName, String maxSysctl, SocketOption<Integer> option, int implOption) {
        this.label = label;
        this.optionName = optionName;
        this.maxSysctl = maxSysctl;
        this.option = option;
        this.implOption = implOption;
    }

    /** The settings' and the log's name: {@code recv}, {@code send}. */
    public String label() {
        return label;
    }

    /** {@code SO_RCVBUF}, {@code SO_SNDBUF}. */
    public String optionName() {
        return optionName;
    }

    /** The sysctl that caps a request: {@code net.core.rmem_max}, {@code net.core.wmem_max}. */
    public String maxSysctl() {
        return maxSysctl;
    }

    /** The option for channels and {@code setOption(SocketOption, Object)}. */
    public SocketOption<Integer> option() {
        return option;
    }

    /** The option for a java.net impl's {@code setOption(int, Object)}. */
    public int implOption() {
        return implOption;
    }

    public Direction other() {
        return this == RECEIVE ? SEND : RECEIVE;
    }

    /** The direction a {@code setOption(int, Object)} sets; null for every other option. A plain comparison, cannot throw. */
    public static Direction ofImplOption(int option) {
        return option == SocketOptions.SO_RCVBUF ? RECEIVE : option == SocketOptions.SO_SNDBUF ? SEND : null;
    }

    /** The direction a {@code setOption(SocketOption, Object)} sets; null for every other option. */
    public static Direction ofOption(Object option) {
        return option == StandardSocketOptions.SO_RCVBUF ? RECEIVE : option == StandardSocketOptions.SO_SNDBUF ? SEND : null;
    }
}
