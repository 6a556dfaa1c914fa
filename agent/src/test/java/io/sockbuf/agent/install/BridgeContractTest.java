package io.sockbuf.agent.install;

import io.sockbuf.agent.advice.BridgeCall;
import io.sockbuf.agent.config.Mode;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The woven calls name the bridge by strings (owner, method, descriptor): a rename on either side
 * compiles and then throws NoSuchMethodError inside the application's connect(). Every hook of
 * every mode must name a public static method that SocketSizer really has.
 */
class BridgeContractTest {

    @Test
    void everyWovenCallOfEveryModeNamesAPublicStaticMethodOfTheBridge() throws Exception {
        Class<?> bridge = Class.forName(BridgeCall.BRIDGE.replace('/', '.'));
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Mode mode : Mode.values()) {
            List<Hook> hooks = new ArrayList<>(Hooks.forMode(mode));
            hooks.addAll(Hooks.nativeLibraryLoads());
            for (Hook hook : hooks) {
                checked++;
                if (!declaresPublicStatic(bridge, hook.call.method, hook.call.descriptor)) {
                    missing.add(mode + ": " + hook.className + "." + hook.methodName + " calls " + hook.call.method + hook.call.descriptor);
                }
                if (hook.call.afterMethod != null && !declaresPublicStatic(bridge, hook.call.afterMethod, hook.call.afterDescriptor())) {
                    missing.add(mode + ": " + hook.className + "." + hook.methodName + " calls after the set "
                            + hook.call.afterMethod + hook.call.afterDescriptor());
                }
            }
        }
        assertTrue(checked > 30, "the hook table was read: " + checked);
        for (Mode mode : Mode.values()) {
            assertTrue(Hooks.forMode(mode).stream().filter(hook -> hook.methodName.equals("setOption")).count() >= 10,
                    mode + "'s setOption hooks are in its table");
        }
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
