package io.sockbuf.agent.install;

import java.lang.reflect.Field;

/** Whether a class other than the one being woven (a superclass) declares a field a hook reads. */
final class DeclaredFields {

    private DeclaredFields() {
    }

    /** That class is loaded (by the boot loader), never the one being woven. */
    static boolean declares(String owner, String name, String descriptor) {
        try {
            Field field = Class.forName(owner.replace('/', '.'), false, null).getDeclaredField(name);
            return descriptor.equals(descriptorOf(field.getType()));
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return false;
        }
    }

    /** The types hooks read: int, boolean and classes. */
    private static String descriptorOf(Class<?> type) {
        return type == int.class ? "I" : type == boolean.class ? "Z" : "L" + type.getName().replace('.', '/') + ";";
    }
}
