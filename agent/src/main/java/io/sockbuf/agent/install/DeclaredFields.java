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
            return descriptor.equals("L" + field.getType().getName().replace('.', '/') + ";");
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return false;
        }
    }
}
