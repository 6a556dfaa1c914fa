package com.example.channel.epoll;

/**
 * A class whose name ends like Netty's epoll client channel but which is not Netty: no
 * {@code fd()}, no {@code isActive()}. The agent weaves its constructor all the same (it finds
 * Netty by name ending, whatever the shading prefix) and must fail only there.
 */
public final class EpollSocketChannel {

    private final String name;

    public EpollSocketChannel(String name) {
        this.name = name;
    }

    @Override
    public String toString() {
        return "not Netty: " + name;
    }
}
