package io.sockbuf.agent.install;

import io.sockbuf.agent.advice.BridgeCall;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The woven calls name the bridge by strings (owner, method, descriptor): a rename on either side
 * compiles and then throws NoSuchMethodError inside the application's connect(). Every hook (the
 * same for every mode) must name a public static method that SocketSizer really has.
 */
class BridgeContractTest {

    @Test
    void everyWovenCallNamesAPublicStaticMethodOfTheBridge() throws Exception {
        Class<?> bridge = Class.forName(BridgeCall.BRIDGE.replace('/', '.'));
        List<String> missing = new ArrayList<>();
        int checked = 0;
        List<Hook> hooks = new ArrayList<>(Hooks.withApplicationSets());
        hooks.addAll(Hooks.nativeLibraryLoads());
        for (Hook hook : hooks) {
            checked++;
            if (!declaresPublicStatic(bridge, hook.call.method, hook.call.descriptor)) {
                missing.add(hook.className + "." + hook.methodName + " calls " + hook.call.method + hook.call.descriptor);
            }
            if (hook.call.afterMethod != null && !declaresPublicStatic(bridge, hook.call.afterMethod, hook.call.afterDescriptor())) {
                missing.add(hook.className + "." + hook.methodName + " calls after the set "
                        + hook.call.afterMethod + hook.call.afterDescriptor());
            }
        }
        assertTrue(checked > 30, "the hook table was read: " + checked);
        assertTrue(Hooks.withApplicationSets().stream().filter(hook -> hook.methodName.equals("setOption")).count() >= 10,
                "the setOption hooks are in the table");
        java.lang.reflect.Field skip = bridge.getDeclaredField(BridgeCall.SKIP_FIELD);
        assertTrue(Modifier.isPublic(skip.getModifiers()) && Modifier.isStatic(skip.getModifiers()) && skip.getType() == Object.class,
                "the replacing setOption call compares with " + skip);
        assertTrue(missing.isEmpty(), "woven calls without a bridge method: " + missing);
    }

    private static boolean declaresPublicStatic(Class<?> bridge, String name, String descriptor) {
        for (Method method : bridge.getDeclaredMethods()) {
            if (method.getName().equals(name) && Type.getMethodDescriptor(method).equals(descriptor)
                    && Modifier.isStatic(method.getModifiers()) && Modifier.isPublic(method.getModifiers())) {
                return true;
            }
        }
        return false;
    }
}
