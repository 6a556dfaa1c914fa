package io.sockbuf.agent.sizing;

import io.sockbuf.agent.model.Direction;
import io.sockbuf.agent.model.Ends;
import io.sockbuf.agent.model.SocketRole;

import java.io.FileDescriptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketOptions;

/**
 * A java.net socket or datagram impl: sized through {@link SocketOptions}, its ends read from its
 * text (see {@link SocketImplText}). Its role comes from the hook (the impl's listener flag).
 */
final class ImplHandle extends SocketHandle {

    /** Null: told by whether it is connected (a client, or an accepted socket). */
    private final SocketRole knownRole;
    /** As the hook passed it (accept: the listener's); 0 or less when it did not: then read off the text. */
    private final int knownLocalPort;
    /** The descriptor its create just made, while this handle is that create's hook call; else null. */
    private final FileDescriptor createdFd;
    /** The impl's text, parsed at most once per hook call (this handle lives for one call). */
    private SocketImplText text;

    ImplHandle(Object impl, SocketRole knownRole, int knownLocalPort, FileDescriptor createdFd) {
        super(impl);
        this.knownRole = knownRole;
        this.knownLocalPort = knownLocalPort;
        this.createdFd = createdFd;
    }

    @Override
    SocketRole findRole() throws IOException {
        return knownRole != null ? knownRole : connected() ? SocketRole.ACCEPTED : SocketRole.CLIENT;
    }

    private SocketImplText text() {
        if (text == null) {
            text = SocketImplText.of(socket);
        }
        return text;
    }

    @Override
    public void set(Direction direction, int bytes) throws IOException {
        // A cast, not a check: an object that is no impl fails here like a refused set, once, in the log.
        ((SocketOptions) socket).setOption(direction.implOption(), bytes);
    }

    @Override
    boolean setBeforeItIsShared(Direction direction, int bytes) throws IOException {
        if (createdFd != null) {
            return NativeBufferWriter.setOnDescriptor(createdFd, direction, bytes);
        }
        // Only accept's new impl is made with the role ACCEPTED (ofAcceptedImpl): not its Socket's yet, so no other thread can close it meanwhile
        return knownRole == SocketRole.ACCEPTED && NativeBufferWriter.setOnAcceptedImpl(socket, direction, bytes);
    }

    /** The impl of a ServerSocket takes SO_SNDBUF through its int-form setOption, which ServerSocket does not offer. */
    @Override
    boolean setListenerSend(int bytes) throws IOException {
        if (knownRole != SocketRole.LISTENER) {
            return false;
        }
        if (createdFd == null || !NativeBufferWriter.setOnDescriptor(createdFd, Direction.SEND, bytes)) {
            set(Direction.SEND, bytes);
        }
        return true;
    }

    @Override
    int listenerSend() {
        return knownRole == SocketRole.LISTENER ? SizingPolicy.read(this, Direction.SEND) : super.listenerSend();
    }

    @Override
    public int get(Direction direction) throws IOException {
        return (Integer) ((SocketOptions) socket).getOption(direction.implOption());
    }

    @Override
    boolean connected() {
        return knownRole != SocketRole.UDP && text().connected();
    }

    @Override
    int localPort() {
        if (knownLocalPort > 0) {
            return knownLocalPort;
        }
        String port = text().localPort;
        try {
            return port == null ? -1 : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    InetSocketAddress acceptedAddress() throws IOException {
        SocketImplText text = text();
        return text.remoteHost == null || text.localPort == null ? null
                : new InetSocketAddress(InetAddress.getByName(text.remoteHost), Integer.parseInt(text.localPort));
    }

    /** The local address (getsockname), which the impl's text leaves out; null where it cannot be read. */
    private InetAddress localAddress() {
        try {
            Object address = ((SocketOptions) socket).getOption(SocketOptions.SO_BINDADDR);
            return address instanceof InetAddress ? (InetAddress) address : null;
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public Ends ends() {
        if (knownRole == SocketRole.UDP) {
            return Ends.none(socket);
        }
        try {
            SocketImplText text = text();
            // not connected (yet), or a format this code does not know: no address
            return !text.connected() || text.localPort == null ? Ends.none(socket)
                    : Ends.ofImpl(localAddress(), text.localPort, text.remoteHost, text.remotePort, socket);
        } catch (Exception e) {
            return Ends.none(socket);
        }
    }
}
