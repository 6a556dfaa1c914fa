package io.sockbuf.agent.install;

import java.lang.reflect.Field;

/** Whether a class other than the one being woven (a superclass) declares a field a hook reads. */
final class DeclaredFields {

    private DeclaredFields() {
    }

    /** That class is loaded (by the boot loader), never the one being woven. */
    static boolean declares(String owner, String name, String descriptor) {
        if (isApiField(owner, name, descriptor)) {
            return true;
        }
        try {
            Field field = Class.forName(owner.replace('/', '.'), false, null).getDeclaredField(name);
            return descriptor.equals(descriptorOf(field.getType()));
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return false;
        }
    }

    /**
     * Protected fields of the Java SE API, in every JDK: not asked of reflection, which links their
     * class first, and JDK 25 with verification on weaves NioSocketImpl while SocketImpl is being
     * linked (the question then fails, and the hooks would be dropped). A method, not a static list:
     * this class has no initializer that could fail at an application's first socket.
     */
    private static boolean isApiField(String owner, String name, String descriptor) {
        return owner.equals("java/net/SocketImpl")
                && (name.equals("fd") && descriptor.equals("Ljava/io/FileDescriptor;") || name.equals("localport") && descriptor.equals("I"));
    }

    /** The types hooks read: int, boolean and classes. */
    private static String descriptorOf(Class<?> type) {
        return type == int.class ? "I" : type == boolean.class ? "Z" : "L" + type.getName().replace('.', '/') + ";";
    }
}
