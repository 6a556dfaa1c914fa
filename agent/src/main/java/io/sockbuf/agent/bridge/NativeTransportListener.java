package io.sockbuf.agent.bridge;

/** Told by the bridge, in the loading thread, before a native transport library (Netty's epoll, io_uring) loads. */
public interface NativeTransportListener {

    /** @param library the path or name given to {@code System.load}/{@code System.loadLibrary} */
    void loading(String library);
}
